using System.Diagnostics.Metrics;
using Assay.Server.Sampling;

namespace Assay.Server.Operations;

/// <summary>The one <see cref="Meter"/> of Assay, named <c>Assay</c>, and every instrument on it.</summary>
/// <remarks>
/// Thread-safe. Counters are this node's own since it started; gauges that read the database take a
/// <see cref="StoreSnapshot"/> that is at most a few seconds old, so that a scrape costs at most one round of cheap queries.
/// No instrument carries a project name: a scraper sees fleet-wide numbers only (see docs/OPERATIONS.md).
/// </remarks>
internal sealed class AssayMetrics
{
    public const string MeterName = "Assay";

    private readonly Counter<long> _ingested;
    private readonly Counter<long> _refused;

    public AssayMetrics(IMeterFactory meters, StoreSnapshot store, SamplingStatus sampling, TimeProvider time)
    {
        var meter = meters.Create(MeterName);
        _ingested = meter.CreateCounter<long>("assay.ingest.interactions", "{interaction}",
            "Interactions this node answered, by outcome: accepted, duplicate, conflict (id taken by other content), invalid");
        _refused = meter.CreateCounter<long>("assay.ingest.refused", "{request}",
            "Ingest requests this node refused as a whole, by reason (the problem type)");
        meter.CreateObservableGauge("assay.pipeline.waiting", () => Waiting(store.Current()),
            "{interaction}", "Interactions stored but not yet processed by the pipeline (all nodes)");
        meter.CreateObservableGauge("assay.pipeline.lag", () => Lag(store.Current(), time),
            "s", "Age of the oldest interaction waiting for the pipeline; 0 when none waits");
        meter.CreateObservableGauge("assay.review.backlog", () => Tiers(store.Current(), b => b.Open),
            "{task}", "Open review tasks, by tier");
        meter.CreateObservableGauge("assay.review.backlog.age", () => Tiers(store.Current(), b => (time.GetUtcNow() - b.OldestRoutedAt).TotalSeconds),
            "s", "How long the oldest open review task of each tier has waited");
        meter.CreateObservableGauge("assay.alerts.open", () => Alerts(store.Current()),
            "{alert}", "Open alerts, by monitor rule");
        if (sampling.Budget is { } budget)
        {
            meter.CreateObservableGauge("assay.sampler.tokens.spent", () => budget.SpentToday, "{token}", "Tokens this node's sampler spent today (UTC)");
            meter.CreateObservableGauge("assay.sampler.tokens.limit", () => budget.DailyLimit, "{token}", "The sampler's daily token budget");
        }

        meter.CreateObservableGauge("assay.leader", Leaders, "{node}", "1 when this node leads the role (monitor, sampler), else 0");
    }

    /// <summary>The roles this node may lead and whether it leads each now; wired by whatever elects leaders.</summary>
    /// <value>Null (the default): no <c>assay.leader</c> measurement is published.</value>
    public Func<IEnumerable<(string Role, bool IsLeader)>>? Leadership { get; set; }

    public void Ingested(string outcome, int count)
    {
        if (count > 0)
            _ingested.Add(count, new KeyValuePair<string, object?>("outcome", outcome));
    }

    public void Refused(string reason) => _refused.Add(1, new KeyValuePair<string, object?>("reason", reason));

    private IEnumerable<Measurement<int>> Leaders() =>
        Leadership?.Invoke().Select(l => new Measurement<int>(l.IsLeader ? 1 : 0, new KeyValuePair<string, object?>("role", l.Role))) ?? [];

    private static IEnumerable<Measurement<long>> Waiting(StoreSnapshot.Values? values) => values is null ? [] : [new(values.Queue.Waiting)];

    private static IEnumerable<Measurement<double>> Lag(StoreSnapshot.Values? values, TimeProvider time) => values is null
        ? []
        : [new(values.Queue.OldestReceivedAt is { } oldest ? Math.Max(0, (time.GetUtcNow() - oldest).TotalSeconds) : 0)];

    private static IEnumerable<Measurement<T>> Tiers<T>(StoreSnapshot.Values? values, Func<Assay.Review.TierBacklog, T> read)
        where T : struct =>
        values?.Backlog.Select(b => new Measurement<T>(read(b), new KeyValuePair<string, object?>("tier", b.Tier.ToString().ToLowerInvariant()))) ?? [];

    private static IEnumerable<Measurement<int>> Alerts(StoreSnapshot.Values? values) =>
        values?.OpenAlerts.Select(a => new Measurement<int>(a.Value, new KeyValuePair<string, object?>("rule", a.Key))) ?? [];
}
