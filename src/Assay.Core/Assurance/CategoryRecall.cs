using Assay.Statistics;

namespace Assay.Assurance;

/// <summary>How many failures of one category the rules catch, and how many slip through unflagged, measured on the audit sample.</summary>
/// <param name="Category">The taxonomy category, or <see cref="AgreementReport.AnyFailure"/> for the flagging as a whole.</param>
/// <param name="Recall">Share of the category's failures that were flagged for it.</param>
/// <param name="FalseNegativeRate">1 − recall: the share that went unflagged.</param>
/// <param name="EstimatedCaught">Estimated failures among interactions flagged for the category.</param>
/// <param name="EstimatedMissed">Estimated failures among unflagged interactions.</param>
/// <param name="FlaggedReviewed">Decided reviewed items flagged for the category.</param>
/// <param name="AuditReviewed">Decided items of the audit sample.</param>
/// <param name="Pending">Items of either sample whose truth is still undecided, left out.</param>
/// <param name="Reliability">The mark of the category's agreement.</param>
public sealed record CategoryRecall(
    string Category,
    Estimate Recall,
    Estimate FalseNegativeRate,
    double EstimatedCaught,
    double EstimatedMissed,
    int FlaggedReviewed,
    int AuditReviewed,
    int Pending,
    Reliability Reliability)
{
    /// <summary>Recall with the conservative interval (Bonferroni over the two strata), beside <see cref="Recall"/>'s beta-posterior one.</summary>
    public Estimate? ConservativeRecall { get; init; }
}
