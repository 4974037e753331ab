using Assay.Detection;
using Assay.Detection.Consistency;
using Assay.Domain;
using Assay.Routing;
using Assay.Storage;

namespace Assay.Pipeline;

/// <summary>Runs the active policy's detectors over stored interactions, then routes them; pure and thread-safe.</summary>
/// <remarks>
/// A detector that throws is recorded as a diagnostic on the interaction and the others still run:
/// a broken detector must never block or lose an interaction.
/// </remarks>
public sealed class DetectionPipeline(string policyHash, IReadOnlyList<IDetector> detectors, Router? router = null)
{
    public string PolicyHash => policyHash;

    /// <summary>The rule and category of every flag this pipeline's detectors can raise.</summary>
    public IReadOnlyList<FlagKind> Kinds { get; } = [.. detectors.SelectMany(d => d.Kinds).Distinct()];

    public ProcessingResult Process(StoredInteraction stored)
    {
        var flags = new List<Flag>();
        List<string>? diagnostics = null;
        SelfAgreementRecord? agreement = null;
        foreach (var detector in detectors)
        {
            var before = flags.Count;
            try
            {
                if (detector is SelfConsistencyDetector consistency)
                    agreement = Consistency(consistency, stored.Interaction, flags);
                else
                    detector.Detect(stored.Interaction, flags);
            }
#pragma warning disable CA1031 // Any detector failure becomes a diagnostic, by design.
            catch (Exception e)
#pragma warning restore CA1031
            {
                flags.RemoveRange(before, flags.Count - before);
                (diagnostics ??= []).Add($"detector '{detector.Id}' failed: {e.GetType().Name}: {e.Message}");
            }
        }

        var unique = Deduplicate(flags);
        return new ProcessingResult(stored.Sequence, policyHash, unique, diagnostics ?? (IReadOnlyList<string>)[], router?.Route(stored.Interaction, unique), agreement);
    }

    /// <summary>
    /// The flag that samples Assay drew itself earn under this policy, as the sampler judges them; null when the policy
    /// has no self-consistency detector or the score earns none. Replay uses it on the stored drawn samples.
    /// </summary>
    public Flag? JudgeDrawn(Interaction interaction, SelfAgreementRecord drawn)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        ArgumentNullException.ThrowIfNull(drawn);
        if (drawn.Samples is not { } samples || detectors.OfType<SelfConsistencyDetector>().FirstOrDefault() is not { } detector)
            return null;
        return detector.JudgeDrawn(interaction.Response, SelfAgreement.Score(interaction.Response, samples, detector.Options), drawn.DrawnBy);
    }

    /// <summary>
    /// The routing of an interaction once late flags (a drawn-sample flag, a judge's) join the pipeline's: the same router on
    /// all of its flags, one per rule, so a late flag routes exactly as if it had been raised during processing. Null
    /// without a router.
    /// </summary>
    public RoutingDecision? Reroute(Interaction interaction, IReadOnlyList<Flag> flags)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        ArgumentNullException.ThrowIfNull(flags);
        return router?.Route(interaction, Deduplicate([.. flags]));
    }

    /// <summary>Scores the client's samples once, for both the flag and the stored score that charts and monitors read.</summary>
    private static SelfAgreementRecord? Consistency(SelfConsistencyDetector detector, Interaction interaction, List<Flag> flags)
    {
        if (detector.Score(interaction) is not { } score)
            return null;
        if (detector.Judge(interaction.Response, score) is { } flag)
            flags.Add(flag);
        return SelfAgreementRecord.From(SampleSource.Client, interaction.ModelKey, score, detector.Options.MinSentenceSupport);
    }

    /// <summary>One flag per rule: the store keys flags by (interaction, policy, rule).</summary>
    private static List<Flag> Deduplicate(List<Flag> flags)
    {
        if (flags.Count < 2)
            return flags;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return flags.Where(f => seen.Add(f.Rule)).ToList();
    }
}
