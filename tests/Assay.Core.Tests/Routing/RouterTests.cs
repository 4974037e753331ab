using Assay.Demo;
using Assay.Domain;
using Assay.Routing;

namespace Assay.Core.Tests.Routing;

public sealed class RouterTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static Interaction Plain(string id, string? risk = null) => new(
        id, s_start, "m", null, [new Message(MessageRole.User, "hi")], "hello", null, [],
        InteractionMetadata.Empty with { Risk = risk }, null, null);

    private static Flag Flag(string rule, string category, Severity severity) => new(rule, category, severity, "p", [], "x");

    [Fact]
    public void Route_client_marked_high_risk_is_critical_and_always_reviewed()
    {
        var decision = new Router(RoutingPolicy.Default).Route(Plain("a", risk: "HIGH"), []);

        Assert.Equal(Tier.Critical, decision.Tier);
        Assert.True(decision.Selected);
        Assert.Equal(1.0, decision.InclusionProbability);
    }

    [Theory]
    [InlineData("unsafe.weapons", Severity.High)]
    [InlineData("pii.email", Severity.Critical)]
    public void Route_critical_rule_or_severity_is_critical(string rule, Severity severity)
    {
        var decision = new Router(RoutingPolicy.Default).Route(Plain("a"), [Flag(rule, "c", severity)]);

        Assert.Equal(Tier.Critical, decision.Tier);
        Assert.True(decision.Selected);
    }

    [Fact]
    public void Route_flagged_uses_the_highest_category_rate()
    {
        var policy = RoutingPolicy.Default with { FlaggedRate = 0.1, FlaggedRates = new Dictionary<string, double> { ["pii-leak"] = 0.5, ["over-refusal"] = 0.25 } };

        var decision = new Router(policy).Route(Plain("a"), [Flag("r1", "over-refusal", Severity.Low), Flag("r2", "pii-leak", Severity.Medium)]);

        Assert.Equal(Tier.Flagged, decision.Tier);
        Assert.Equal(0.5, decision.InclusionProbability);
    }

    [Fact]
    public void Route_is_deterministic_and_depends_on_the_salt()
    {
        var ids = Enumerable.Range(0, 2000).Select(i => $"id-{i}").ToList();
        var one = new Router(RoutingPolicy.Default with { AuditRate = 0.1 });
        var same = new Router(RoutingPolicy.Default with { AuditRate = 0.1 });
        var other = new Router(RoutingPolicy.Default with { AuditRate = 0.1, Salt = "fresh" });

        var first = ids.Where(id => one.Route(Plain(id), []).Selected).ToList();

        Assert.Equal(first, ids.Where(id => same.Route(Plain(id), []).Selected));
        Assert.NotEqual(first, ids.Where(id => other.Route(Plain(id), []).Selected));
    }

    [Fact]
    public void Route_audit_share_of_demo_traffic_is_within_three_standard_errors_of_the_rate()
    {
        const int N = 10_000;
        var router = new Router(RoutingPolicy.Default);
        var traffic = new DemoTraffic(5, s_start);
        var audited = Enumerable.Range(0, N).Count(_ => router.Route(traffic.Next(), []).Tier == Tier.Audit);

        var rate = RoutingPolicy.Default.AuditRate;
        var standardError = Math.Sqrt(rate * (1 - rate) / N);
        Assert.InRange((double)audited / N, rate - 3 * standardError, rate + 3 * standardError);
    }

    [Fact]
    public void Draw_is_uniform_by_decile()
    {
        var router = new Router(RoutingPolicy.Default);
        var counts = new int[10];
        for (var i = 0; i < 50_000; i++)
            counts[(int)(router.Draw($"x{i}") * 10)]++;

        // Chi-square with 9 degrees of freedom; 27.88 is its 0.999 quantile.
        var chiSquare = counts.Sum(c => Math.Pow(c - 5000, 2) / 5000);
        Assert.True(chiSquare < 27.88, $"chi-square {chiSquare:F1}");
    }
}
