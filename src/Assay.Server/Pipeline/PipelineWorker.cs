using System.Diagnostics;
using Assay.Pipeline;
using Assay.Server.Ingest;
using Assay.Server.Policies;
using Assay.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Assay.Server.Pipeline;

/// <summary>The background worker that runs detection over committed, unprocessed interactions.</summary>
/// <remarks>
/// Resumable by construction: the store's "processed" mark is written in the same transaction as the flags, and work is
/// claimed for a lease (<see cref="AssayServerOptions.PipelineLease"/>), so several nodes on one database split it, and
/// what a dead node had claimed is taken again once its lease expires. A result is stored only while this node still
/// holds its interaction, so each interaction is processed exactly once.
/// </remarks>
internal sealed class PipelineWorker(
    IInteractionStore store,
    LivePolicy live,
    PipelineSignal signal,
    IngestQueue ingest,
    Otlp.VerdictExporter verdicts,
    AssayServerOptions options,
    ILogger<PipelineWorker> logger) : BackgroundService
{
    private static readonly TimeSpan s_idlePoll = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var started = Stopwatch.GetTimestamp();
                var processed = await RunOnceAsync(stoppingToken);
                if (processed == 0)
                    await signal.WaitAsync(s_idlePoll, stoppingToken);
                else if (ingest.IsBusy)
                    // Acknowledgements are latency-critical, detection is not: while requests wait for a
                    // commit, rest twice as long as the batch took, so ingest gets the CPU and the write
                    // lock, and detection still keeps a third of its pace (the backlog drains when ingest calms down).
                    await Task.Delay(2 * Stopwatch.GetElapsedTime(started), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Keep the worker alive; the batch stays unprocessed and is retried.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.PipelineFailed(logger, e);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Processes one batch; returns how many interactions it processed.</summary>
    internal async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var batch = await store.ClaimUnprocessedAsync(options.NodeId, options.PipelineBatch, options.PipelineLease, cancellationToken);
        if (batch.Count == 0)
            return 0;
        // One version for the whole batch: an activation meanwhile applies from the next batch, never half-way through one.
        var pipeline = live.Current.Pipeline;
        var results = new ProcessingResult[batch.Count];
        for (var i = 0; i < batch.Count; i++)
            results[i] = pipeline.Process(batch[i]);
        // Not cancelled by a stop: the batch is claimed and already processed, and storing it takes milliseconds, whereas
        // dropping it would leave it waiting out its lease (a rolling restart would stall every batch in flight).
        var completed = (await store.CompleteClaimedAsync(options.NodeId, results, CancellationToken.None)).ToHashSet();
        for (var i = 0; i < batch.Count; i++)
        {
            if (completed.Contains(results[i].Sequence))
                verdicts.Offer(batch[i].Interaction.Id, results[i].Flags);
        }

        if (completed.Count < batch.Count)
            Log.LeaseLost(logger, batch.Count - completed.Count);
        Log.Processed(logger, completed.Count, results.Where(r => completed.Contains(r.Sequence)).Sum(r => r.Flags.Count));
        return batch.Count;
    }
}
