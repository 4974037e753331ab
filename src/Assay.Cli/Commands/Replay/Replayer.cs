using Assay.Pipeline;
using Assay.Storage;

namespace Assay.Cli.Commands.Replay;

/// <summary>Re-runs a policy's detectors and router over every stored interaction and diffs the outcome against the record.</summary>
/// <remarks>
/// Reads only: nothing is written to the store but the token spend of judges asked again (see <see cref="JudgeReplay"/>).
/// Each page is processed in parallel (the pipeline is thread-safe), then judged and compared in order.
/// </remarks>
internal static class Replayer
{
    /// <value>Interactions read and processed per page.</value>
    public const int PageSize = 1000;

    public static Task<ReplayDiff> RunAsync(IInteractionStore store, DetectionPipeline pipeline, CancellationToken cancellationToken) =>
        RunAsync(store, pipeline, null, cancellationToken);

    /// <param name="judges">The replayed policy's judge rules; null replays no judge flags.</param>
    public static async Task<ReplayDiff> RunAsync(IInteractionStore store, DetectionPipeline pipeline, JudgeReplay? judges, CancellationToken cancellationToken)
    {
        var diff = new ReplayDiff(pipeline.PolicyHash) { Judges = judges };
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
            var verdicts = judges is null || judges.Policy.Judges.Count == 0
                ? null
                : (await store.JudgedAsync(after, interactions[^1].Sequence, cancellationToken)).ToLookup(v => v.Sequence);
            for (var i = 0; i < interactions.Count; i++)
            {
                var record = recorded.GetValueOrDefault(interactions[i].Sequence);
                if (verdicts is not null && record?.PolicyHash is not null)
                    replayed[i] = await JudgedAsync(pipeline, judges!, interactions[i], replayed[i], verdicts[interactions[i].Sequence], cancellationToken);
                diff.Add(interactions[i], record, replayed[i]);
            }
            after = interactions[^1].Sequence;
        }
    }

    /// <summary>The result with the judge flags added and routed again with them, as the judge worker routes them live.</summary>
    private static async Task<ProcessingResult> JudgedAsync(
        DetectionPipeline pipeline, JudgeReplay judges, StoredInteraction stored, ProcessingResult result, IEnumerable<JudgeRecord> verdicts, CancellationToken cancellationToken)
    {
        var judged = await judges.FlagsAsync(stored, verdicts, cancellationToken);
        if (judged.Count == 0)
            return result;
        List<Domain.Flag> flags = [.. result.Flags.Where(f => judged.All(j => j.Rule != f.Rule)), .. judged];
        return result with { Flags = flags, Routing = pipeline.Reroute(stored.Interaction, flags) };
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
