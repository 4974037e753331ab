using Assay.Statistics;

namespace Assay.Assurance;

/// <summary>How common one failure category is across all traffic, by Horvitz–Thompson over every reviewed tier.</summary>
/// <param name="Category">The taxonomy category, or <see cref="AgreementReport.AnyFailure"/> for any failure.</param>
/// <param name="Prevalence">Share of all interactions with the failure, with its interval; the sample size is the decided reviewed items.</param>
/// <param name="EstimatedCount">Horvitz–Thompson estimate of the number of interactions with the failure: Σ y/π.</param>
/// <param name="CountStandardError">Its standard error under Poisson sampling: √Σ (1 − π) y / π².</param>
/// <param name="Pending">Reviewed items whose truth is still undecided, left out (they can only raise the estimate).</param>
/// <param name="Reliability">The mark of the category's agreement.</param>
public sealed record CategoryPrevalence(
    string Category,
    Estimate Prevalence,
    double EstimatedCount,
    double CountStandardError,
    int Pending,
    Reliability Reliability);
