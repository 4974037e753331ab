using Assay.Statistics;

namespace Assay.Assurance;

/// <summary>The share of one rule's flags that reviewers confirmed, weighted by inverse inclusion probability.</summary>
/// <param name="Rule">The rule id.</param>
/// <param name="Category">The category the rule flags; a flag is confirmed when the item's truth contains it.</param>
/// <param name="Precision">Hájek estimate with its interval; <see cref="Estimate.SampleSize"/> is the number of decided reviewed flags, <see cref="Estimate.Warning"/> the small-sample warning.</param>
/// <param name="Flags">How many interactions the rule flagged in the window, when the caller knows.</param>
/// <param name="EstimatedTruePositives">Horvitz–Thompson estimate of the rule's confirmed flags in the window: Σ y/π.</param>
/// <param name="Pending">Reviewed flags whose truth is still undecided, left out.</param>
/// <param name="Reliability">The mark of the category's agreement.</param>
public sealed record RulePrecision(
    string Rule,
    string Category,
    Estimate Precision,
    long? Flags,
    double EstimatedTruePositives,
    int Pending,
    Reliability Reliability);
