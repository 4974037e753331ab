using Assay.Demo;
using Assay.Domain;
using Assay.Monitoring;
using Assay.Policy;
using Assay.Reporting;
using Assay.Review;
using Assay.Routing;
using Assay.Server.Dashboard;
using BenchmarkDotNet.Attributes;

namespace Assay.Benchmarks.Monitoring;

/// <summary>
/// One dashboard view, every range: the traffic buckets summarized from the feature buffer's minute index, the six charts
/// built from them and the reviewed items a request reads, and rendered to SVG — what <c>GET /ui/dashboard?hours=…</c>
/// computes after its store reads, through the same <see cref="TrafficSummaryCache"/> and <see cref="ChartMemo"/>.
/// </summary>
/// <remarks>
/// Traffic is the demo generator's at <see cref="PerDay"/> interactions a day, spread evenly over the range and its
/// drift reference; 15% of it is routed to review, and 1,000 items a day carry two reviewers' labels. <see cref="Warm"/>
/// false starts every view with empty caches (the first view after a start); true keeps them, as between two views.
/// </remarks>
[MemoryDiagnoser]
public class DashboardBenchmarks
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private List<InteractionFeatures> _features = null!;
    private List<ReviewedItem> _items = null!;
    private PolicyDocument _policy = null!;
    private DashboardRange _range = null!;
    private FeatureMinutes _minutes = null!;
    private TrafficSummaryCache _summaries = new();
    private ChartMemo _memo = new();

    [Params(100_000)]
    public int PerDay { get; set; } = 100_000;

    [Params(1, 6, 24, 168)]
    public int Hours { get; set; }

    [Params(false, true)]
    public bool Warm { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _policy = StarterPolicy.Load();
        _range = DashboardRange.Parse(Hours.ToString(System.Globalization.CultureInfo.InvariantCulture), s_now)!;
        var from = _range.Traffic.StartOf(-DriftChart.ReferenceBuckets);
        var count = (int)((s_now - from).TotalDays * PerDay);
        var traffic = new DemoTraffic(5, from, gap: (s_now - from) / count);
        _features = new List<InteractionFeatures>(count);
        _items = [];
        var random = new Random(7);
        var labelled = 1_000.0 / PerDay;
        for (var i = 0; i < count; i++)
        {
            var interaction = traffic.Next();
            var injected = interaction.Metadata.Tags.TryGetValue("injected", out var list) ? list.Split(',') : [];
            _features.Add(InteractionFeatures.From(interaction, [.. injected.Select(c => new Flag($"truth.{c}", c, Severity.Medium, "bench", [], "injected"))]));
            if (interaction.Timestamp < _range.From || random.NextDouble() >= 0.15)
                continue;
            var labels = random.NextDouble() < labelled / 0.15
                ? new[] { Label(i, "ann", injected, random), Label(i, "bob", injected, random) }
                : [];
            _items.Add(new ReviewedItem(interaction.Id, interaction.Timestamp!.Value, Tier.Flagged, 1, [], labels, null, 2));
        }

        _minutes = new FeatureMinutes();
        foreach (var feature in _features)
            _minutes.Add(feature);
    }

    [IterationSetup]
    public void Forget()
    {
        if (!Warm)
            (_summaries, _memo) = (new TrafficSummaryCache(), new ChartMemo());
    }

    /// <summary>All six charts of one range, rendered to SVG.</summary>
    [Benchmark]
    public int Dashboard()
    {
        var (traffic, review) = (Summarize(), ReviewSummary.From(_items, _range.Review, _policy.Review));
        return DashboardCharts.All.Sum(name => SvgLineChart.Render(DashboardCharts.Build(name, traffic, review, _policy, memo: _memo)).Length);
    }

    /// <summary>Each step's time once, the caches kept or not as <see cref="Warm"/> says: where a view's time goes (the <c>profile</c> command of Program.cs).</summary>
    public IEnumerable<(string Name, double Ms)> TimeEach()
    {
        Forget();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var traffic = Summarize();
        yield return ("summarize traffic", watch.Elapsed.TotalMilliseconds);
        watch.Restart();
        var review = ReviewSummary.From(_items, _range.Review, _policy.Review);
        yield return ("summarize review", watch.Elapsed.TotalMilliseconds);
        foreach (var name in DashboardCharts.All)
        {
            watch.Restart();
            var chart = DashboardCharts.Build(name, traffic, review, _policy, memo: _memo);
            var built = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            SvgLineChart.Render(chart);
            yield return (name + " build", built);
            yield return (name + " svg", watch.Elapsed.TotalMilliseconds);
        }
    }

    private TrafficSummary Summarize() => _summaries.Summarize(_minutes, _range.Traffic, DriftChart.ReferenceBuckets, "*", _ => true);

    private static Label Label(int task, string reviewer, string[] injected, Random random) =>
        new(task * 2L + (reviewer == "ann" ? 0 : 1), task, reviewer,
            new Verdict(random.NextDouble() < 0.9 ? new HashSet<string>(injected, StringComparer.Ordinal) : new HashSet<string>(StringComparer.Ordinal), null, null), null, s_now);
}
