using Assay.Demo;
using Assay.Monitoring;
using Xunit.Abstractions;

namespace Assay.Core.Tests.Monitoring;

/// <summary>Monitor rules on demo traffic: how often they cry wolf with no shift, and how fast they see a real one.</summary>
public sealed class MonitorAlarmTests(ITestOutputHelper output)
{
    private const double Alpha = 0.05;
    private static readonly TimeSpan s_window = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan s_reference = TimeSpan.FromMinutes(5);
    private static readonly DateTimeOffset s_shift = Traffic.Start + TimeSpan.FromMinutes(6);

    private static readonly MonitorRule s_drift = new("drift", MonitorMetric.Drift, null, s_window, s_reference, MonitorTest.Drift, Alpha: Alpha, MinSamples: 50);
    private static readonly MonitorRule s_refusalCusum = new("refusal-cusum", MonitorMetric.FlagRate, "over-refusal", s_window, s_reference, MonitorTest.Cusum, Alpha: Alpha);
    private static readonly MonitorRule s_refusalTest = new("refusal-test", MonitorMetric.FlagRate, "over-refusal", s_window, s_reference, MonitorTest.Compare, Alpha: Alpha);
    private static readonly MonitorRule s_selfAgreement = new("self-agreement", MonitorMetric.SelfAgreement, null, s_window, s_reference, MonitorTest.PageHinkley, Alpha: Alpha);

    [Fact]
    public void Evaluate_with_no_shift_over_100_seeds_false_alarms_within_alpha()
    {
        // Short windows keep 100 runs fast: 30 s (300 interactions) against the minute before it (600).
        MonitorRule[] rules = [.. new[] { s_drift, s_refusalCusum, s_refusalTest, s_selfAgreement }
            .Select(r => r with { Window = TimeSpan.FromSeconds(30), Reference = TimeSpan.FromSeconds(60), MinSamples = 50 })];
        var alarms = new int[rules.Length];
        const int runs = 100;
        for (var seed = 1; seed <= runs; seed++)
        {
            var features = Traffic.Features(1000 + seed, 900);
            for (var r = 0; r < rules.Length; r++)
            {
                if (MonitorEvaluator.Evaluate(rules[r], "*", features, [], Traffic.Start.AddSeconds(90)).Events.Count > 0)
                    alarms[r]++;
            }
        }

        // Seeded, so deterministic. The acceptance is the observed rate at or below alpha itself, which is stricter than
        // what a rate of exactly alpha would exceed with probability under 0.5% (the binomial bound, printed beside it).
        var bound = (int)Math.Floor(Alpha * runs);
        output.WriteLine($"binomial 99.5% bound at a true rate of alpha: {BinomialUpperQuantile(runs, Alpha, 0.995)}");
        for (var r = 0; r < rules.Length; r++)
        {
            output.WriteLine($"{rules[r].Id}: {alarms[r]} false alarms in {runs} runs (alpha {Alpha}, bound {bound})");
            Assert.True(alarms[r] <= bound, $"{rules[r].Id} false-alarmed {alarms[r]} times in {runs} runs; bound {bound}");
        }
    }

    [Fact]
    public void Evaluate_new_topic_mix_at_a_known_time_fires_the_drift_alert_within_the_window_and_resolves_as_it_becomes_the_norm()
    {
        var features = Traffic.Features(7, 3600);
        features.AddRange(Traffic.Features(8, 3700, start: s_shift, shiftedMix: true));

        var events = Run([s_drift, s_refusalCusum], features, s_shift + TimeSpan.FromMinutes(7));

        var fired = Assert.Single(events, e => e.RuleId == "drift" && e.State == AlertState.Firing);
        output.WriteLine($"drift fired {(fired.FiredAt - s_shift).TotalSeconds} s after the shift: {fired.Message}");
        Assert.InRange(fired.FiredAt, s_shift.AddTicks(1), s_shift + s_window);
        Assert.Contains("topic", fired.Message, StringComparison.Ordinal);
        // The refusal rate did not change; its alpha is per evaluation, so over 40-odd evaluations a stray alarm is allowed, not in the window.
        Assert.DoesNotContain(events, e => e.RuleId == "refusal-cusum" && e.FiredAt > s_shift && e.FiredAt <= s_shift + s_window);
        output.WriteLine($"refusal-cusum (no shift) fired {events.Count(e => e.RuleId == "refusal-cusum" && e.State == AlertState.Firing)} times over the run");
        // As the reference window fills with the new mix, the difference fades and the alert resolves, once.
        var resolved = Assert.Single(events, e => e.RuleId == "drift" && e.State == AlertState.Resolved);
        output.WriteLine($"drift resolved {(resolved.ResolvedAt!.Value - s_shift).TotalSeconds} s after the shift: {resolved.Message}");
        Assert.True(resolved.ResolvedAt > fired.FiredAt + s_window);
        Assert.Equal(fired.FiredAt, resolved.FiredAt);
    }

    [Fact]
    public void Evaluate_against_a_fixed_baseline_keeps_the_drift_alert_open_after_the_trailing_window_has_forgotten()
    {
        var features = Traffic.Features(7, 3600);
        features.AddRange(Traffic.Features(8, 3700, start: s_shift, shiftedMix: true));
        var baseline = s_drift with { Id = "drift-vs-baseline", Baseline = new MonitorBaseline(Traffic.Start, Traffic.Start.AddMinutes(5)) };

        var events = Run([s_drift, baseline], features, s_shift + TimeSpan.FromMinutes(7));

        var fired = Assert.Single(events, e => e.RuleId == baseline.Id && e.State == AlertState.Firing);
        Assert.InRange(fired.FiredAt, s_shift.AddTicks(1), s_shift + s_window);
        Assert.Contains(events, e => e.RuleId == s_drift.Id && e.State == AlertState.Resolved);
        Assert.DoesNotContain(events, e => e.RuleId == baseline.Id && e.State == AlertState.Resolved);
    }

    [Fact]
    public void Split_with_a_baseline_takes_the_baseline_as_reference_but_never_the_current_window()
    {
        var features = Traffic.Features(3, 2000);
        var rule = s_drift with { Baseline = new MonitorBaseline(Traffic.Start, Traffic.Start.AddSeconds(100)) };

        var (reference, current) = MonitorEvaluator.Split(rule, features, Traffic.Start.AddSeconds(100) + s_window);
        var (overlapReference, _) = MonitorEvaluator.Split(rule, features, Traffic.Start.AddSeconds(60) + s_window);

        Assert.Equal(1000, reference.Count);
        Assert.Equal(600, current.Count);
        Assert.All(overlapReference, f => Assert.True(f.Timestamp < Traffic.Start.AddSeconds(60)));
        Assert.Equal(600, overlapReference.Count);
    }

    [Fact]
    public void Evaluate_refusal_rate_rise_at_a_known_time_fires_the_refusal_alert_within_the_window()
    {
        var features = Traffic.Features(9, 3600);
        features.AddRange(Traffic.Features(10, 1200, start: s_shift, rates: new DemoRates { OverRefusal = 0.15 }));

        var events = Run([s_refusalCusum, s_refusalTest, s_selfAgreement], features, s_shift + TimeSpan.FromMinutes(2));

        foreach (var id in new[] { "refusal-cusum", "refusal-test" })
        {
            var fired = Assert.Single(events, e => e.RuleId == id && e.State == AlertState.Firing);
            output.WriteLine($"{id} fired {(fired.FiredAt - s_shift).TotalSeconds} s after the shift: {fired.Message}");
            Assert.InRange(fired.FiredAt, s_shift.AddTicks(1), s_shift + s_window);
        }

        Assert.DoesNotContain(events, e => e.RuleId == "self-agreement");
    }

    [Fact]
    public void Evaluate_self_agreement_drop_at_a_known_time_fires_the_self_agreement_alert_within_the_window()
    {
        // A version that invents claims more often: its samples no longer support its answers.
        var features = Traffic.Features(11, 3600);
        features.AddRange(Traffic.Features(12, 1200, start: s_shift, rates: new DemoRates { Hallucination = 0.6 }, version: "2026-12-01"));

        var events = Run([s_selfAgreement, s_refusalCusum], features, s_shift + TimeSpan.FromMinutes(2));

        var fired = Assert.Single(events, e => e.RuleId == "self-agreement" && e.State == AlertState.Firing);
        output.WriteLine($"self-agreement fired {(fired.FiredAt - s_shift).TotalSeconds} s after the shift: {fired.Message}");
        Assert.InRange(fired.FiredAt, s_shift.AddTicks(1), s_shift + s_window);
        Assert.DoesNotContain(events, e => e.RuleId == "refusal-cusum");
    }

    [Fact]
    public void EvaluateGroups_per_model_version_fires_for_the_version_whose_self_agreement_drops_and_not_for_the_other()
    {
        // Before the shift both versions run side by side; after it the new one invents claims, the old one does not.
        var features = Traffic.Features(13, 3600);
        features.AddRange(Traffic.Features(14, 1200, start: s_shift, version: "2026-10-01"));
        features.AddRange(Traffic.Features(15, 1200, start: s_shift.AddMilliseconds(50), rates: new DemoRates { Hallucination = 0.6 }, version: "2026-11-15"));
        var grouped = s_selfAgreement with { Id = "self-agreement-by-version", GroupBy = MonitorGrouping.ModelVersion };

        var events = Run([grouped], features, s_shift + TimeSpan.FromMinutes(2));

        var fired = Assert.Single(events, e => e.State == AlertState.Firing);
        output.WriteLine($"{fired.Key} fired {(fired.FiredAt - s_shift).TotalSeconds} s after the shift: {fired.Message}");
        Assert.Equal("atlas@2026-11-15", fired.Key);
        Assert.InRange(fired.FiredAt, s_shift.AddTicks(1), s_shift + s_window);
        Assert.StartsWith("The mean self-agreement fell from ", fired.Message, StringComparison.Ordinal);
        Assert.Contains(" for atlas@2026-11-15 in the ", fired.Message, StringComparison.Ordinal);
    }

    /// <summary>Evaluates the rules every 10 s from the first full reference window to <paramref name="end"/>, carrying alert state.</summary>
    private static List<Alert> Run(IReadOnlyList<MonitorRule> rules, List<InteractionFeatures> features, DateTimeOffset end)
    {
        var open = (IReadOnlyList<Alert>)[];
        var events = new List<Alert>();
        for (var now = Traffic.Start + s_window + s_reference; now <= end; now += TimeSpan.FromSeconds(10))
        {
            foreach (var rule in rules)
            {
                (open, var raised) = MonitorEvaluator.EvaluateGroups(rule, features, open, now);
                events.AddRange(raised);
            }
        }

        return events;
    }

    /// <summary>The smallest k with P(X ≤ k) ≥ <paramref name="level"/> for X ~ Binomial(n, p).</summary>
    private static int BinomialUpperQuantile(int n, double p, double level)
    {
        var probability = Math.Pow(1 - p, n);
        var cumulative = probability;
        for (var k = 0; k < n; k++)
        {
            if (cumulative >= level)
                return k;
            probability *= (double)(n - k) / (k + 1) * p / (1 - p);
            cumulative += probability;
        }

        return n;
    }
}
