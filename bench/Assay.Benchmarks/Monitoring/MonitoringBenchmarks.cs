using Assay.Demo;
using Assay.Domain;
using Assay.Monitoring;
using Assay.Policy;
using Assay.Reporting;
using BenchmarkDotNet.Attributes;

namespace Assay.Benchmarks.Monitoring;

/// <summary>
/// What monitoring costs at 100,000 interactions a day: computing features, one evaluation of the starter policy's
/// monitors over the 25 hours they look at, and the dashboard's 24-hour traffic charts with their SVG.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 1, iterationCount: 5)]
public class MonitoringBenchmarks
{
    private const int PerDay = 100_000;
    private static readonly DateTimeOffset s_now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private List<Interaction> _interactions = null!;
    private List<InteractionFeatures> _features = null!;
    private IReadOnlyList<MonitorRule> _rules = null!;

    [GlobalSetup]
    public void Setup()
    {
        // The demo's 26-hour history at 100,000 a day, with its shifted version in the last hour.
        var count = PerDay * 26 / 24;
        var (traffic, _) = DemoTraffic.History(5, count, s_now);
        _interactions = [.. Enumerable.Range(0, count).Select(_ => traffic.Next())];
        _features = [.. _interactions.Select(Truth)];
        _rules = MonitorReader.Read(StarterPolicy.Load()).Rules;
    }

    /// <summary>Features of 1,000 interactions (o200k tokens of three fields, script, topic, self-agreement).</summary>
    [Benchmark]
    public int Features1000()
    {
        var total = 0;
        for (var i = 0; i < 1000; i++)
            total += (int)InteractionFeatures.From(_interactions[i], []).ResponseTokens;
        return total;
    }

    /// <summary>One tick of the monitor worker: every starter rule, per key, over 25 hours (about 104,000 interactions).</summary>
    [Benchmark]
    public int EvaluateStarterMonitors()
    {
        IReadOnlyList<Alert> open = [];
        var events = 0;
        foreach (var rule in _rules)
        {
            (open, var raised) = MonitorEvaluator.EvaluateGroups(rule, _features, open, s_now);
            events += raised.Count;
        }

        return events;
    }

    /// <summary>The dashboard's four traffic charts over 24 hours, rendered to SVG.</summary>
    [Benchmark]
    public int DashboardTraffic24Hours()
    {
        var buckets = TimeBuckets.Choose(s_now.AddHours(-24), s_now);
        var window = _features.Where(f => f.Timestamp >= buckets.From.AddHours(-4)).ToList();
        TimeSeriesChart[] charts =
        [
            TrafficCharts.Volume(window, buckets),
            TrafficCharts.FlagRates(window, buckets),
            TrafficCharts.SelfAgreement(window, buckets),
            DriftChart.Build(window, buckets),
        ];
        return charts.Sum(c => SvgLineChart.Render(c).Length);
    }

    private static InteractionFeatures Truth(Interaction interaction)
    {
        var injected = interaction.Metadata.Tags.TryGetValue("injected", out var list) ? list.Split(',') : [];
        return InteractionFeatures.From(interaction, [.. injected.Select(c => new Flag($"truth.{c}", c, Severity.Medium, "bench", [], "injected"))]);
    }
}
