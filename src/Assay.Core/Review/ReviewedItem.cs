using Assay.Routing;

namespace Assay.Review;

/// <summary>Everything the assurance metrics need to know about one reviewed interaction.</summary>
/// <param name="InteractionId">The interaction's id.</param>
/// <param name="Tier">The tier it was routed to.</param>
/// <param name="InclusionProbability">The probability with which it was chosen for review.</param>
/// <param name="FlaggedRules">Rules that flagged it, with each rule's category.</param>
/// <param name="Labels">The current (not superseded) labels, one per reviewer.</param>
/// <param name="Adjudicated">The lead's decision when labels disagreed; null otherwise.</param>
/// <param name="RequiredLabels">Labels its task asks for (more for a calibration task); 0 when not known.</param>
public sealed record ReviewedItem(
    string InteractionId,
    DateTimeOffset OccurredAt,
    Tier Tier,
    double InclusionProbability,
    IReadOnlyList<(string Rule, string Category)> FlaggedRules,
    IReadOnlyList<Label> Labels,
    Verdict? Adjudicated,
    int RequiredLabels = 0)
{
    /// <summary>
    /// Whether the item counts in any metric: adjudicated, or holding every label its task asks for (one when that is not
    /// known). A half-labelled task is pending everywhere, so a metric never reports a label before the item is settled.
    /// </summary>
    public bool IsComplete => Adjudicated is not null || Labels.Select(l => l.Reviewer).Distinct(StringComparer.Ordinal).Count() >= Math.Max(1, RequiredLabels);

    /// <summary>The final truth for this item: the adjudication, else the consensus of its complete labels, else null (undecided or pending).</summary>
    public Verdict? Truth => Adjudicated ?? (IsComplete ? Consensus() : null);

    private Verdict? Consensus()
    {
        if (Labels.Count == 0)
            return null;
        var first = Labels[0].Verdict.Categories;
        return Labels.All(l => l.Verdict.Categories.SetEquals(first)) ? Labels[0].Verdict : null;
    }
}
