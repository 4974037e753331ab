namespace Assay.Statistics.Estimators;

/// <summary>One reviewed interaction: whether the reviewer found the failure, and the probability it was chosen for review.</summary>
/// <param name="Positive">The reviewer's label: the failure (or flag's claim) is present.</param>
/// <param name="InclusionProbability">Probability, fixed by the routing design, that this item was sent to review; in (0, 1].</param>
public sealed record ReviewedItem(bool Positive, double InclusionProbability);
