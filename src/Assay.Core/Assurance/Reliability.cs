using System.Globalization;
using Assay.Statistics;

namespace Assay.Assurance;

/// <summary>The reliability mark of a label-based metric: its status and, in words, why.</summary>
public sealed record Reliability(ReliabilityStatus Status, string Reason)
{
    public bool IsReliable => Status == ReliabilityStatus.Reliable;

    /// <summary>Marks agreement <paramref name="alpha"/> measured on <paramref name="items"/> items against the policy's threshold.</summary>
    public static Reliability Of(Estimate alpha, int items, double threshold, int minimumItems)
    {
        ArgumentNullException.ThrowIfNull(alpha);
        if (items < minimumItems)
        {
            return new(ReliabilityStatus.InsufficientData,
                $"insufficient data: only {items} items have two or more labels; at least {minimumItems} are needed to judge agreement");
        }

        if (double.IsNaN(alpha.Value))
        {
            return new(ReliabilityStatus.InsufficientData, $"insufficient data: {alpha.Warning ?? "agreement is undefined"}");
        }

        var text = string.Create(CultureInfo.InvariantCulture, $"alpha {alpha.Value:0.###} on {items} items");
        return alpha.Value >= threshold
            ? new(ReliabilityStatus.Reliable, string.Create(CultureInfo.InvariantCulture, $"{text} is at or above the threshold {threshold:0.###}"))
            : new(ReliabilityStatus.Unreliable, string.Create(CultureInfo.InvariantCulture, $"unreliable: {text} is below the threshold {threshold:0.###}"));
    }

    /// <summary>The mark of a category for which no agreement was measured at all.</summary>
    public static Reliability Unmeasured(string category) =>
        new(ReliabilityStatus.InsufficientData, $"insufficient data: no agreement was measured for '{category}'");
}
