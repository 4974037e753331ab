using Assay.Detection;
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

    public ProcessingResult Process(StoredInteraction stored)
    {
        var flags = new List<Flag>();
        List<string>? diagnostics = null;
        foreach (var detector in detectors)
        {
            var before = flags.Count;
            try
            {
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
        return new ProcessingResult(stored.Sequence, policyHash, unique, diagnostics ?? (IReadOnlyList<string>)[], router?.Route(stored.Interaction, unique));
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
