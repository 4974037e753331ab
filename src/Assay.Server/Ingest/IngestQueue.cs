using System.Diagnostics;
using System.Threading.Channels;
using Assay.Ingest;
using Assay.Server.Pipeline;
using Assay.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Assay.Server.Ingest;

/// <summary>Group commit: gathers the interactions of concurrent requests and appends them in one transaction.</summary>
/// <remarks>
/// A request's task completes only after the transaction holding its items has committed, so an
/// acknowledgement always means durable. The number of waiting interactions is bounded; past the
/// bound <see cref="TryEnqueue"/> refuses, and the endpoint answers 503 with Retry-After.
/// </remarks>
internal sealed class IngestQueue(IInteractionStore store, PipelineSignal signal, AssayServerOptions options, ILogger<IngestQueue> logger)
    : BackgroundService
{
    private readonly Channel<PendingAppend> _channel = Channel.CreateUnbounded<PendingAppend>(new() { SingleReader = true });
    private long _pending;
    private long _lastCommit;

    /// <summary>True while interactions wait for a commit or one committed in the last 50 ms.</summary>
    public bool IsBusy => Volatile.Read(ref _pending) > 0
        || Stopwatch.GetElapsedTime(Volatile.Read(ref _lastCommit)) < TimeSpan.FromMilliseconds(50);

    public bool TryEnqueue(IReadOnlyList<ParsedInteraction> items, out Task<IReadOnlyList<AppendStatus>> committed)
    {
        // A request larger than the bound alone is still taken when nothing else waits.
        var after = Interlocked.Add(ref _pending, items.Count);
        if (after > options.MaxPendingInteractions && after != items.Count)
        {
            Interlocked.Add(ref _pending, -items.Count);
            committed = Task.FromResult<IReadOnlyList<AppendStatus>>([]);
            return false;
        }

        var pending = new PendingAppend(items);
        committed = pending.Completion.Task;
        if (!_channel.Writer.TryWrite(pending))
        {
            Interlocked.Add(ref _pending, -items.Count);
            return false;
        }

        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = _channel.Reader;
        var group = new List<PendingAppend>();
        var items = new List<ParsedInteraction>();
        // Drain until the writer completes, even after stop was requested: queued work was promised a reply.
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            group.Clear();
            items.Clear();
            while (items.Count < options.MaxCommitBatch && reader.TryRead(out var pending))
            {
                group.Add(pending);
                items.AddRange(pending.Items);
            }

            await CommitAsync(group, items);
            if (stoppingToken.IsCancellationRequested && !reader.TryPeek(out _))
                break;
        }
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        _channel.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    private async Task CommitAsync(List<PendingAppend> group, List<ParsedInteraction> items)
    {
        try
        {
            var statuses = await store.AppendAsync(items, CancellationToken.None);
            var offset = 0;
            foreach (var pending in group)
            {
                var slice = new AppendStatus[pending.Items.Count];
                for (var i = 0; i < slice.Length; i++)
                    slice[i] = statuses[offset + i];
                offset += slice.Length;
                pending.Completion.TrySetResult(slice);
            }

            Volatile.Write(ref _lastCommit, Stopwatch.GetTimestamp());
            signal.Notify();
        }
#pragma warning disable CA1031 // The failure is handed to every waiting request; none is acknowledged.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.CommitFailed(logger, items.Count, e);
            foreach (var pending in group)
                pending.Completion.TrySetException(e);
        }
        finally
        {
            Interlocked.Add(ref _pending, -items.Count);
        }
    }

    private sealed class PendingAppend(IReadOnlyList<ParsedInteraction> items)
    {
        public IReadOnlyList<ParsedInteraction> Items { get; } = items;

        public TaskCompletionSource<IReadOnlyList<AppendStatus>> Completion { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
