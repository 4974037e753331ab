using Assay.Pipeline;
using Assay.Storage;

namespace Assay.Cli.Commands.Replay;

/// <summary>Re-runs a policy's detectors and router over every stored interaction and diffs the outcome against the record.</summary>
/// <remarks>Reads only: nothing is written to the store. Each page is processed in parallel (the pipeline is thread-safe) and compared in order.</remarks>
internal static class Replayer
{
    /// <value>Interactions read and processed per page.</value>
    public const int PageSize = 1000;

    public static async Task<ReplayDiff> RunAsync(IInteractionStore store, DetectionPipeline pipeline, CancellationToken cancellationToken)
    {
        var diff = new ReplayDiff(pipeline.PolicyHash);
        long after = 0;
        while (true)
        {
            var interactions = await store.ReadAsync(after, PageSize, cancellationToken);
            if (interactions.Count == 0)
                return diff;
            // Keyed by sequence: an interaction appended between the two reads is simply not looked up.
            var recorded = (await store.RecordedAsync(after, PageSize, cancellationToken)).ToDictionary(r => r.Sequence);
            var replayed = new ProcessingResult[interactions.Count];
            Parallel.For(0, interactions.Count, new ParallelOptions { CancellationToken = cancellationToken },
                i => replayed[i] = Replay(pipeline, interactions[i], recorded.GetValueOrDefault(interactions[i].Sequence)));
            for (var i = 0; i < interactions.Count; i++)
                diff.Add(interactions[i], recorded.GetValueOrDefault(interactions[i].Sequence), replayed[i]);
            after = interactions[^1].Sequence;
        }
    }

    /// <summary>
    /// Processes the interaction and, when Assay drew samples for it, judges the stored samples again under the replayed
    /// policy: the draw itself cannot be repeated (the model answers differently each time), its judgement can.
    /// </summary>
    private static ProcessingResult Replay(DetectionPipeline pipeline, StoredInteraction stored, RecordedProcessing? recorded)
    {
        var result = pipeline.Process(stored);
        if (recorded?.SelfAgreement is not { Source: SampleSource.Drawn } drawn
            || pipeline.JudgeDrawn(stored.Interaction, drawn) is not { } flag
            || result.Flags.Any(f => f.Rule == flag.Rule))
            return result;
        // Routed again with the drawn flag, as the sampler routes it live.
        List<Domain.Flag> flags = [.. result.Flags, flag];
        return result with { Flags = flags, Routing = pipeline.Reroute(stored.Interaction, flags) };
    }
}
