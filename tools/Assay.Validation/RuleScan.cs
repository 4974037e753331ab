using Assay.Detection;
using Assay.Domain;

namespace Assay.Validation;

/// <summary>Runs the starter policy's rules on one dataset row and reports which taxonomy categories were flagged.</summary>
internal static class RuleScan
{
    public static IReadOnlySet<string> Categories(IDetector rules, string id, string prompt, string response)
    {
        var flags = new List<Flag>();
        rules.Detect(Interactions.Of(id, prompt, response), flags);
        return flags.Select(f => f.Category).ToHashSet(StringComparer.Ordinal);
    }
}
