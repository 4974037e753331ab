using Assay.Monitoring;
using Assay.Policy;
using Assay.Reporting;
using Assay.Review;
using Assay.Server.Auth;
using Assay.Server.Monitoring;
using Assay.Storage;

namespace Assay.Server.Dashboard;

/// <summary>Reads what the dashboard draws, scoped to the caller's project: recent interaction features, reviewed items and alerts.</summary>
/// <remarks>
/// Features come from a <see cref="FeatureBuffer"/> of its own (refreshed on each request from where it left off), so the
/// dashboard costs the monitor worker nothing. The buffer is not thread-safe: requests refresh and read it one at a time
/// under a semaphore. Bucket aggregates (<see cref="TrafficSummaryCache"/>) and drift and agreement points
/// (<see cref="ChartMemo"/>) are kept between requests and reused only while their inputs are unchanged. Alerts are
/// filtered by <see cref="AlertVisibility"/>, as <c>GET /v1/alerts</c> filters them.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The SemaphoreSlim's wait handle is never created, so it holds nothing to release; the source lives as long as the server.")]
internal sealed class DashboardSource(
    IInteractionStore interactions, IReviewStore reviews, IAlertStore alerts, Policies.LivePolicy live, TimeProvider clock)
{
    /// <summary>Alert events read to find the fire times marked on the charts; the panel shows the first <see cref="PanelEvents"/> of them.</summary>
    private const int MarkerEvents = 500;
    private const int PanelEvents = 20;
    private readonly FeatureBuffer _buffer = new(interactions, DashboardRange.Longest);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TrafficSummaryCache _summaries = new();
    private readonly ChartMemo _memo = new();

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>Traffic buckets aggregated and kept for the next view (read without the lock: for tests and diagnostics only).</summary>
    internal int KeptBuckets => _summaries.Count;

    /// <summary>The charts named in <paramref name="charts"/> over <paramref name="range"/>, with the alert panel's content.</summary>
    public async Task<DashboardView> ReadAsync(Caller caller, DashboardRange range, IReadOnlyList<string> charts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(range);
        var traffic = range.Traffic;
        var summary = charts.Any(DashboardCharts.Traffic.Contains)
            ? await SummaryAsync(caller, traffic, cancellationToken)
            : new TrafficSummary(traffic, DriftChart.ReferenceBuckets, [.. Enumerable.Repeat(TrafficBucket.Empty, traffic.Count + DriftChart.ReferenceBuckets)]);
        var buckets = range.Review;
        var census = charts.Any(DashboardCharts.Review.Contains)
            ? await reviews.CensusAsync(caller.Project, buckets.From, buckets.To, buckets.Start, buckets.Width, buckets.Count, cancellationToken)
            : new ReviewCensus(new int[buckets.Count], []);
        // One policy version for the whole view, though another may be activated while it is read.
        var (policy, monitoring) = (live.Current.Policy, live.Current.Monitoring);
        var review = ReviewSummary.From(census.Tasks, Review.BlindRule.Items(census.Started, caller), buckets, policy.Review);
        var firing = (await alerts.OpenAsync(cancellationToken)).Where(a => AlertVisibility.Sees(caller, a, monitoring)).ToList();
        var events = await alerts.ListAsync(MarkerEvents, null, AlertVisibility.Scope(caller, monitoring), cancellationToken);
        var built = charts.Select(name => DashboardCharts.Build(name, summary, review, policy, DriftGuard(monitoring), _memo) with { Markers = Markers(name, monitoring, firing, events) }).ToList();
        return new DashboardView(range, built, firing, [.. events.Take(PanelEvents)], caller.Project);
    }

    /// <summary>The traffic buckets of the caller's interactions, after the drift chart's reference buckets; unchanged buckets come from <see cref="_summaries"/>.</summary>
    private async Task<TrafficSummary> SummaryAsync(Caller caller, TimeBuckets buckets, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await _buffer.RefreshAsync(clock.GetUtcNow(), cancellationToken);
            return _summaries.Summarize(_buffer.Minutes, buckets, DriftChart.ReferenceBuckets, caller.Project, f => caller.Sees(f.Project));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The features of the caller's interactions in [<paramref name="from"/>, <paramref name="to"/>), within the last <see cref="DashboardRange.Longest"/>.</summary>
    public async Task<IReadOnlyList<InteractionFeatures>> FeaturesAsync(Caller caller, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await _buffer.RefreshAsync(clock.GetUtcNow(), cancellationToken);
            var features = new List<InteractionFeatures>();
            _buffer.Minutes.CopyTo(features, from, to, f => caller.Sees(f.Project));
            return features;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The smallest <c>min_psi</c> of the drift monitors (the guard that lets the most through), 0 when none has one.</summary>
    private static double DriftGuard(MonitoringSettings monitoring) => monitoring.Rules.Where(r => r.Metric == MonitorMetric.Drift).Select(r => r.MinPsi).DefaultIfEmpty(0).Min();

    /// <summary>Fire times of the alerts whose rule watches this chart's metric, once each.</summary>
    private static List<ChartMarker> Markers(string chart, MonitoringSettings monitoring, IEnumerable<Alert> firing, IEnumerable<StoredAlertEvent> events)
    {
        var rules = monitoring.Rules.Where(r => DashboardCharts.ChartOf(r.Metric) == chart).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        return [.. firing.Concat(events.Select(e => e.Alert))
            .Where(a => rules.Contains(a.RuleId))
            .DistinctBy(a => (a.RuleId, a.Key, a.FiredAt))
            .Select(a => new ChartMarker(a.FiredAt, a.Key == MonitorEvaluator.AllKey ? a.RuleId : $"{a.RuleId} [{a.Key}]"))];
    }
}
