using System.Diagnostics;
using Assay.Pipeline;
using Assay.Server.Ingest;
using Assay.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Assay.Server.Pipeline;

/// <summary>The background worker that runs detection over committed, unprocessed interactions.</summary>
/// <remarks>
/// Resumable by construction: the store's "processed" mark is the only state, and it is written in
/// the same transaction as the flags, so after a crash the worker simply picks up what is unmarked.
/// </remarks>
internal sealed class PipelineWorker(
    IInteractionStore store,
    DetectionPipeline pipeline,
    PipelineSignal signal,
    IngestQueue ingest,
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
        var batch = await store.ReadUnprocessedAsync(options.PipelineBatch, cancellationToken);
        if (batch.Count == 0)
            return 0;
        var results = new ProcessingResult[batch.Count];
        for (var i = 0; i < batch.Count; i++)
            results[i] = pipeline.Process(batch[i]);
        await store.CompleteAsync(results, cancellationToken);
        Log.Processed(logger, batch.Count, results.Sum(r => r.Flags.Count));
        return batch.Count;
    }
}
