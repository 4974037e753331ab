using Assay.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Assay.Server.Retention;

/// <summary>The background worker that deletes interactions older than <see cref="AssayServerOptions.Retain"/>, at start and then every <see cref="AssayServerOptions.RetentionInterval"/>.</summary>
/// <remarks>
/// Interactions a human labelled are kept (their labels feed the assurance metrics); each run logs the boundary and every
/// count. A failed run is logged and tried again at the next tick. Safe on several nodes at once: batches skip rows
/// another node is deleting.
/// </remarks>
internal sealed class RetentionWorker(IRetentionStore store, AssayServerOptions options, TimeProvider time, ILogger<RetentionWorker> logger) : BackgroundService
{
    /// <summary>Interactions per delete transaction: small enough that no batch holds the write lock for long.</summary>
    public const int Batch = 1_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.RetentionInterval, time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Keep retention alive; the next tick deletes what this one did not.
            catch (Exception e)
#pragma warning restore CA1031
            {
                RetentionLog.Failed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>Deletes everything received before now minus the retention age; returns what was deleted.</summary>
    internal async Task<RetentionReport> RunOnceAsync(CancellationToken cancellationToken)
    {
        var retain = options.Retain ?? throw new InvalidOperationException("retention runs only with AssayServerOptions.Retain set");
        var report = await store.PruneAsync(time.GetUtcNow() - retain, includeReviewed: false, Batch, cancellationToken);
        if (report.Interactions > 0 || report.KeptReviewed > 0)
            RetentionLog.Pruned(logger, report.Describe());
        else
            RetentionLog.NothingOld(logger, report.ReceivedBefore);
        return report;
    }
}
