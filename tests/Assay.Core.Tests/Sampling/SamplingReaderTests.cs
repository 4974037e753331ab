using Assay.Policy;
using Assay.Sampling;

namespace Assay.Core.Tests.Sampling;

public sealed class SamplingReaderTests
{
    private const string Head = """
        taxonomy:
          - {id: hallucination, name: Hallucination, definition: d, severity: high}
        rules:
          - {id: r, category: hallucination, kind: literal, pattern: secret, description: d}

        """;

    private static SamplingReadResult Read(string sampling)
    {
        var loaded = PolicyLoader.Parse(Head + sampling, "p.yaml");
        Assert.NotNull(loaded.Policy);
        return SamplingReader.Read(loaded.Policy);
    }

    [Fact]
    public void Read_explicit_values()
    {
        var result = Read("""
            sampling:
              share: 0.25
              samples: 5
              temperature: 0.7
              max_output_tokens: 256
              requests_per_minute: 30
              daily_token_budget: 50000
              only_risk: [high, Medium]
            """);

        Assert.Empty(result.Problems);
        var policy = Assert.IsType<SamplingPolicy>(result.Policy);
        Assert.Equal((0.25, 5, 0.7, 256, 30, 50_000L), (policy.Share, policy.Samples, policy.Temperature, policy.MaxOutputTokens, policy.RequestsPerMinute, policy.DailyTokenBudget));
        Assert.Equal(["high", "Medium"], policy.OnlyRisk);
    }

    [Fact]
    public void Read_share_alone_takes_the_defaults()
    {
        var result = Read("sampling:\n  share: 1\n");

        Assert.Empty(result.Problems);
        Assert.Equal(1.0, result.Policy!.Share);
        Assert.Equal((3, 1.0, 512, 60, 200_000L), (result.Policy.Samples, result.Policy.Temperature, result.Policy.MaxOutputTokens, result.Policy.RequestsPerMinute, result.Policy.DailyTokenBudget));
        Assert.Empty(result.Policy.OnlyRisk);
    }

    [Fact]
    public void Read_policy_without_sampling_is_off_without_problems()
    {
        var result = Read("");

        Assert.Null(result.Policy);
        Assert.Empty(result.Problems);
    }

    [Theory]
    [InlineData("  share: 1.5\n", 6, 10, "'share'")]
    [InlineData("  share: lots\n", 6, 10, "'share'")]
    [InlineData("  share: 1\n  samples: 1\n", 7, 12, "'samples'")]
    [InlineData("  share: 1\n  samples: 21\n", 7, 12, "'samples'")]
    [InlineData("  share: 1\n  samples: 2.5\n", 7, 12, "'samples'")]
    [InlineData("  share: 1\n  temperature: -0.1\n", 7, 16, "'temperature'")]
    [InlineData("  share: 1\n  temperature: 3\n", 7, 16, "'temperature'")]
    [InlineData("  share: 1\n  max_output_tokens: 0\n", 7, 22, "'max_output_tokens'")]
    [InlineData("  share: 1\n  requests_per_minute: 0\n", 7, 24, "'requests_per_minute'")]
    [InlineData("  share: 1\n  requests_per_minute: [60]\n", 7, 24, "'requests_per_minute'")]
    [InlineData("  share: 1\n  daily_token_budget: 0\n", 7, 23, "'daily_token_budget'")]
    [InlineData("  share: 1\n  only_risk: high\n", 7, 14, "'only_risk'")]
    [InlineData("  share: 1\n  only_risk: ['']\n", 7, 14, "'only_risk'")]
    [InlineData("  samples: 3\n", 6, 3, "'share'")]
    public void Read_bad_value_is_an_error_naming_the_key_at_its_line_and_column(string body, int line, int column, string key)
    {
        var result = Read("sampling:\n" + body);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(ProblemSeverity.Error, problem.Severity);
        Assert.Equal((line, column), (problem.Line, problem.Column));
        Assert.Contains(key, problem.Message, StringComparison.Ordinal);
        Assert.Equal("p.yaml", problem.Source);
        Assert.Null(result.Policy);
    }

    [Fact]
    public void Read_sampling_that_is_not_a_mapping_is_an_error()
    {
        var result = Read("sampling: [share]\n");

        var problem = Assert.Single(result.Problems);
        Assert.Equal((5, 11), (problem.Line, problem.Column));
        Assert.Null(result.Policy);
    }

    [Fact]
    public void Read_unknown_key_is_a_warning_and_sampling_stays_on()
    {
        var result = Read("sampling:\n  share: 0.5\n  sample: 4\n");

        var warning = Assert.Single(result.Problems);
        Assert.Equal(ProblemSeverity.Warning, warning.Severity);
        Assert.Equal((7, 3), (warning.Line, warning.Column));
        Assert.Contains("'sample'", warning.Message, StringComparison.Ordinal);
        Assert.Equal(3, result.Policy!.Samples);
    }

    [Fact]
    public void Read_sampling_changes_the_policy_hash()
    {
        var without = PolicyLoader.Parse(Head, "p.yaml").Policy!;
        var with = PolicyLoader.Parse(Head + "sampling:\n  share: 0.1\n", "p.yaml").Policy!;

        Assert.NotEqual(without.Hash, with.Hash);
    }
}
