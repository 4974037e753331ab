using Assay.Domain;
using Assay.Routing;
using Assay.Sampling;

namespace Assay.Core.Tests.Sampling;

public sealed class SamplingSelectorTests
{
    private static Interaction Interaction(string id, string? risk = null, params string[] samples) => new(
        id, null, "atlas", "1", [new Message(MessageRole.User, "Who wrote Hamlet?")], "Shakespeare.", null, samples,
        InteractionMetadata.Empty with { Risk = risk }, null, null);

    [Fact]
    public void Selects_same_id_gives_the_same_answer_every_time_and_for_a_new_selector()
    {
        var policy = new SamplingPolicy { Share = 0.5 };
        var first = new SamplingSelector(policy, RoutingPolicy.Default);
        var second = new SamplingSelector(policy, RoutingPolicy.Default);
        var ids = Enumerable.Range(0, 200).Select(i => $"i-{i}").ToList();

        var answers = ids.Select(id => first.Selects(Interaction(id))).ToList();

        Assert.Equal(answers, ids.Select(id => first.Selects(Interaction(id))));
        Assert.Equal(answers, ids.Select(id => second.Selects(Interaction(id))));
        Assert.Contains(true, answers);
        Assert.Contains(false, answers);
    }

    [Fact]
    public void Selects_share_03_over_10000_ids_is_within_three_standard_errors()
    {
        var selector = new SamplingSelector(new SamplingPolicy { Share = 0.3 }, RoutingPolicy.Default);
        const int n = 10_000;

        var selected = Enumerable.Range(0, n).Count(i => selector.Selects(Interaction($"interaction-{i}")));

        var standardError = Math.Sqrt(0.3 * 0.7 / n);
        Assert.InRange(selected / (double)n, 0.3 - 3 * standardError, 0.3 + 3 * standardError);
    }

    [Fact]
    public void Draw_is_independent_of_the_audit_draw_of_the_same_salt()
    {
        var selector = new SamplingSelector(new SamplingPolicy { Share = 0.3 }, RoutingPolicy.Default);
        var router = new Router(RoutingPolicy.Default);
        var ids = Enumerable.Range(0, 10_000).Select(i => $"x-{i}").ToList();

        var both = ids.Count(id => selector.Draw(id) < 0.3 && router.Draw(id) < 0.3);

        // Independent streams overlap on about 0.09 of ids; the same stream would overlap on 0.3.
        Assert.InRange(both / 10_000.0, 0.09 - 0.015, 0.09 + 0.015);
    }

    [Fact]
    public void Selects_a_new_salt_draws_a_different_sample()
    {
        var policy = new SamplingPolicy { Share = 0.5 };
        var a = new SamplingSelector(policy, RoutingPolicy.Default);
        var b = new SamplingSelector(policy, RoutingPolicy.Default with { Salt = "other" });

        var differ = Enumerable.Range(0, 1000).Count(i => a.Selects(Interaction($"s-{i}")) != b.Selects(Interaction($"s-{i}")));

        Assert.InRange(differ, 400, 600);
    }

    [Fact]
    public void Selects_never_an_interaction_with_client_samples()
    {
        var selector = new SamplingSelector(new SamplingPolicy { Share = 1 }, RoutingPolicy.Default);

        Assert.True(selector.Selects(Interaction("a")));
        Assert.False(selector.Selects(Interaction("a", null, "Shakespeare.", "William Shakespeare.")));
    }

    [Fact]
    public void Selects_with_only_risk_only_those_risk_labels_ignoring_case()
    {
        var selector = new SamplingSelector(new SamplingPolicy { Share = 1, OnlyRisk = ["high"] }, RoutingPolicy.Default);

        Assert.True(selector.Selects(Interaction("a", "HIGH")));
        Assert.False(selector.Selects(Interaction("a", "normal")));
        Assert.False(selector.Selects(Interaction("a", null)));
    }

    [Fact]
    public void Selects_share_0_selects_nothing()
    {
        var selector = new SamplingSelector(new SamplingPolicy { Share = 0 }, RoutingPolicy.Default);

        Assert.DoesNotContain(Enumerable.Range(0, 1000), i => selector.Selects(Interaction($"z-{i}")));
    }
}
