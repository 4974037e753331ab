using Assay.Review;
using Assay.Storage;
using Microsoft.Extensions.Logging;

namespace Assay.Server.Operations;

/// <summary>What the metrics gauges read from the database, fetched at most once per <see cref="MaxAge"/>.</summary>
/// <remarks>
/// Thread-safe. Gauges are observed synchronously during a scrape, so the refresh blocks that scrape, for at most
/// <see cref="Timeout"/>; one refresh runs at a time and the others use what it got. When the database fails, the
/// gauges publish nothing (rather than stale or zero values), and <c>/readyz</c> says why.
/// </remarks>
internal sealed class StoreSnapshot(IHostStore host, IReviewStore review, IAlertStore alerts, TimeProvider time, ILogger<StoreSnapshot> logger)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    private readonly Lock _lock = new();
    private Values? _values;
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;

    /// <summary>The pipeline queue, the review backlog of every project, and the open alerts per rule.</summary>
    public sealed record Values(PipelineBacklog Queue, IReadOnlyList<TierBacklog> Backlog, IReadOnlyDictionary<string, int> OpenAlerts);

    public Values? Current()
    {
        lock (_lock)
        {
            if (time.GetUtcNow() - _readAt < MaxAge)
                return _values;
            _readAt = time.GetUtcNow();
            try
            {
                _values = ReadAsync().GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                OperationsLog.SnapshotFailed(logger, e);
                _values = null;
            }

            return _values;
        }
    }

    private async Task<Values> ReadAsync()
    {
        using var cancel = new CancellationTokenSource(Timeout);
        var queue = await host.PipelineBacklogAsync(cancel.Token);
        var backlog = await review.BacklogAsync(ApiKey.AllProjects, cancel.Token);
        var open = await alerts.OpenAsync(cancel.Token);
        return new Values(queue, backlog, open.GroupBy(a => a.RuleId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal));
    }
}
