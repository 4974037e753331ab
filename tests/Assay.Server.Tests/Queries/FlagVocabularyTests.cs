using Assay.Server.Queries;

namespace Assay.Server.Tests.Queries;

/// <summary>The list of valid filter values in a problem stays short however large the policy is.</summary>
public sealed class FlagVocabularyTests
{
    [Fact]
    public void Unknown_with_a_long_list_shows_twenty_and_counts_the_rest()
    {
        var valid = Enumerable.Range(0, 250).Select(i => $"rule-{i:000}").ToList();

        var detail = FlagVocabulary.Unknown("x", "rule", valid);

        Assert.Equal("is 'x', not a rule of the active policy; use one of " + string.Join(", ", valid.Take(20)) + ", … (230 more)", detail);
    }

    [Fact]
    public void Unknown_with_a_short_list_shows_all()
    {
        Assert.Equal("is 'x', not a category of the active policy; use one of a, b", FlagVocabulary.Unknown("x", "category", ["a", "b"]));
    }
}
