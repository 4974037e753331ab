using Assay.Demo;
using Assay.Monitoring;

namespace Assay.Core.Tests.Monitoring;

public sealed class MonitorEvaluatorTests
{
    private static readonly DateTimeOffset s_now = Traffic.Start.AddHours(2);

    private static readonly MonitorRule s_rule = new("refusals", MonitorMetric.FlagRate, "over-refusal",
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), MonitorTest.Threshold, Above: 0.1, MinSamples: 30);

    private static MonitorOutcome Outcome(MonitorCondition condition) => new(condition, 0.2, 100, 100, "d");

    [Fact]
    public void Apply_breach_fires_once_and_a_persisting_breach_refreshes_without_a_new_event()
    {
        var first = MonitorEvaluator.Apply(s_rule, "*", Outcome(MonitorCondition.Breached), [], s_now);
        var second = MonitorEvaluator.Apply(s_rule, "*", Outcome(MonitorCondition.Breached), first.Open, s_now.AddMinutes(1));

        var fired = Assert.Single(first.Events);
        Assert.Equal(AlertState.Firing, fired.State);
        Assert.Equal(s_now, fired.FiredAt);
        Assert.Empty(second.Events);
        var open = Assert.Single(second.Open);
        Assert.Equal(s_now, open.FiredAt);
    }

    [Fact]
    public void Apply_clear_resolves_the_open_alert_and_a_later_breach_fires_a_new_one()
    {
        var fired = MonitorEvaluator.Apply(s_rule, "*", Outcome(MonitorCondition.Breached), [], s_now);
        var cleared = MonitorEvaluator.Apply(s_rule, "*", Outcome(MonitorCondition.Clear), fired.Open, s_now.AddMinutes(3));
        var again = MonitorEvaluator.Apply(s_rule, "*", Outcome(MonitorCondition.Breached), cleared.Open, s_now.AddMinutes(9));

        var resolved = Assert.Single(cleared.Events);
        Assert.Equal(AlertState.Resolved, resolved.State);
        Assert.Equal(s_now.AddMinutes(3), resolved.ResolvedAt);
        Assert.Empty(cleared.Open);
        Assert.Equal(s_now.AddMinutes(9), Assert.Single(again.Events).FiredAt);
    }

    [Fact]
    public void Apply_clear_without_an_open_alert_and_insufficient_data_change_nothing()
    {
        var fired = MonitorEvaluator.Apply(s_rule, "*", Outcome(MonitorCondition.Breached), [], s_now);

        Assert.Empty(MonitorEvaluator.Apply(s_rule, "*", Outcome(MonitorCondition.Clear), [], s_now).Events);
        var unknown = MonitorEvaluator.Apply(s_rule, "*", Outcome(MonitorCondition.InsufficientData), fired.Open, s_now.AddMinutes(1));
        Assert.Empty(unknown.Events);
        Assert.Equal(fired.Open, unknown.Open);
    }

    [Fact]
    public void Apply_keys_and_rules_keep_separate_alerts()
    {
        var a = MonitorEvaluator.Apply(s_rule, "atlas@v1", Outcome(MonitorCondition.Breached), [], s_now);
        var b = MonitorEvaluator.Apply(s_rule, "atlas@v2", Outcome(MonitorCondition.Breached), a.Open, s_now);
        var c = MonitorEvaluator.Apply(s_rule with { Id = "other" }, "atlas@v1", Outcome(MonitorCondition.Breached), b.Open, s_now);
        var resolved = MonitorEvaluator.Apply(s_rule, "atlas@v1", Outcome(MonitorCondition.Clear), c.Open, s_now);

        Assert.Equal(3, c.Open.Count);
        Assert.Equal(2, resolved.Open.Count);
        Assert.Equal(("refusals", "atlas@v1"), (resolved.Events[0].RuleId, resolved.Events[0].Key));
    }

    [Fact]
    public void Evaluate_a_window_below_min_samples_raises_no_alert_even_when_every_item_is_flagged()
    {
        // 20 interactions a minute, all refusals: far above the threshold, but fewer than 30.
        var features = Traffic.Features(3, 20, start: s_now.AddMinutes(-1), rates: new DemoRates { OverRefusal = 1 });

        var evaluation = MonitorEvaluator.Evaluate(s_rule, "*", features, [], s_now);

        Assert.Equal(MonitorCondition.InsufficientData, evaluation.Outcome.Condition);
        Assert.Equal(20, evaluation.Outcome.CurrentCount);
        Assert.Empty(evaluation.Events);
        Assert.Empty(evaluation.Open);
    }

    [Fact]
    public void Evaluate_threshold_on_a_full_window_fires_with_a_readable_message()
    {
        var features = Traffic.Features(3, 600, start: s_now.AddMinutes(-1), rates: new DemoRates { OverRefusal = 0.5 });

        var evaluation = MonitorEvaluator.Evaluate(s_rule, "*", features, [], s_now);

        Assert.Equal(MonitorCondition.Breached, evaluation.Outcome.Condition);
        Assert.InRange(evaluation.Outcome.Value, 0.4, 0.6);
        Assert.Contains("over-refusal rate", Assert.Single(evaluation.Events).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Split_windows_are_half_open_and_in_time_order()
    {
        // 100 interactions from 11 s before now, one every 100 ms.
        var features = Traffic.Features(4, 100, start: s_now.AddSeconds(-11));
        var rule = s_rule with { Window = TimeSpan.FromSeconds(3), Reference = TimeSpan.FromSeconds(6) };

        var (reference, current) = MonitorEvaluator.Split(rule, features, s_now);

        Assert.Equal(20, current.Count);
        Assert.All(current, f => Assert.True(f.Timestamp >= s_now.AddSeconds(-3) && f.Timestamp < s_now));
        Assert.Equal(60, reference.Count); // the first two seconds fall before the reference window
        Assert.True(reference.Zip(reference.Skip(1)).All(p => p.First.Timestamp <= p.Second.Timestamp));
    }

    [Fact]
    public void EvaluateGroups_keeps_a_quiet_key_alert_open_until_it_has_no_traffic_in_either_window_then_resolves_it_as_stale()
    {
        var rule = s_rule with { GroupBy = MonitorGrouping.Project, Window = TimeSpan.FromMinutes(1), Reference = TimeSpan.FromMinutes(5) };
        InteractionFeatures Observation(string project, bool refused, int i) =>
            Traffic.Features(Traffic.Interactions(1, 1)[0]) with { Timestamp = s_now.AddSeconds(-1 - (i % 50)), Project = project, FlagCategories = refused ? ["over-refusal"] : [] };
        var observations = Enumerable.Range(0, 40).SelectMany(i => new[] { Observation("b", true, i), Observation("a", i % 20 == 0, i) }).ToList();

        var (open, events) = MonitorEvaluator.EvaluateGroups(rule, observations, [], s_now);
        // Two minutes on, b's traffic is in the reference only: too few to judge, the alert stays.
        var (later, quiet) = MonitorEvaluator.EvaluateGroups(rule, observations, open, s_now.AddMinutes(2));
        // Seven minutes on, b has had no traffic in the reference or the current window: the alert is stale.
        var (gone, resolved) = MonitorEvaluator.EvaluateGroups(rule, observations, later, s_now.AddMinutes(7));

        var fired = Assert.Single(events);
        Assert.Equal(("refusals", "b", AlertState.Firing), (fired.RuleId, fired.Key, fired.State));
        Assert.Empty(quiet);
        Assert.Equal("b", Assert.Single(later).Key);
        Assert.Empty(gone);
        Assert.Equal(("b", AlertState.Resolved), (Assert.Single(resolved).Key, resolved[0].State));
        Assert.Contains("stale", resolved[0].Message, StringComparison.Ordinal);
        Assert.Equal("*", MonitorEvaluator.KeyOf(MonitorGrouping.None, observations[0]));
        Assert.Equal("(none)", MonitorEvaluator.KeyOf(MonitorGrouping.Project, observations[0] with { Project = null }));
    }
}
