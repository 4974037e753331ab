using Assay.Domain;
using Assay.Judging;
using Assay.Routing;

namespace Assay.Core.Tests.Judging;

public sealed class JudgeSelectorTests
{
    private static Interaction Interaction(string id, string? risk = null) => new(
        id, null, "atlas", "1", [new Message(MessageRole.User, "q")], "a", null, [], InteractionMetadata.Empty with { Risk = risk }, null, null);

    private static JudgeRule Rule(string id, double share, params string[] onlyRisk) => new(id, "hallucination", share, "{{response}}", onlyRisk, null, "");

    [Fact]
    public void The_share_judged_matches_the_rule_within_four_standard_errors_and_is_stable()
    {
        var selector = new JudgeSelector(RoutingPolicy.Default);
        var rule = Rule("judge.a", 0.3);
        var ids = Enumerable.Range(0, 10_000).Select(i => $"i-{i}").ToList();

        var share = ids.Count(id => selector.Selects(rule, Interaction(id))) / (double)ids.Count;

        // Binomial standard error at n = 10,000 and p = 0.3 is 0.0046.
        Assert.InRange(share, 0.3 - 4 * 0.0046, 0.3 + 4 * 0.0046);
        Assert.Equal(
            ids.Select(id => selector.Selects(rule, Interaction(id))),
            ids.Select(id => new JudgeSelector(RoutingPolicy.Default).Selects(rule, Interaction(id))));
    }

    [Fact]
    public void Two_judges_and_the_audit_draw_are_independent_streams()
    {
        var selector = new JudgeSelector(RoutingPolicy.Default);
        var router = new Router(RoutingPolicy.Default);
        var (a, b) = (Rule("judge.a", 0.5), Rule("judge.b", 0.5));
        var ids = Enumerable.Range(0, 10_000).Select(i => $"i-{i}").ToList();

        var both = ids.Count(id => selector.Selects(a, Interaction(id)) && selector.Selects(b, Interaction(id))) / (double)ids.Count;
        var withAudit = ids.Count(id => selector.Selects(a, Interaction(id)) && router.Draw(id) < 0.5) / (double)ids.Count;

        // Independent halves overlap on a quarter; standard error 0.0043.
        Assert.InRange(both, 0.25 - 4 * 0.0043, 0.25 + 4 * 0.0043);
        Assert.InRange(withAudit, 0.25 - 4 * 0.0043, 0.25 + 4 * 0.0043);
    }

    [Fact]
    public void Only_risk_limits_the_judge_to_those_labels_in_any_case_and_share_bounds_hold()
    {
        var selector = new JudgeSelector(RoutingPolicy.Default);

        Assert.True(selector.Selects(Rule("j", 1, "high"), Interaction("x", "HIGH")));
        Assert.False(selector.Selects(Rule("j", 1, "high"), Interaction("x", "low")));
        Assert.False(selector.Selects(Rule("j", 1, "high"), Interaction("x")));
        Assert.False(selector.Selects(Rule("j", 0), Interaction("x")));
    }
}
