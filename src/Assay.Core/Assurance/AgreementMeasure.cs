using Assay.Statistics;

namespace Assay.Assurance;

/// <summary>How well reviewers agree on one binary judgement (one category ticked or not, or any failure or none).</summary>
/// <param name="Category">The taxonomy category, or <see cref="AgreementReport.AnyFailure"/> for the overall judgement.</param>
/// <param name="Alpha">Krippendorff's alpha, nominal, with a bootstrap-over-items interval.</param>
/// <param name="Ac1">Gwet's AC1, with a bootstrap-over-items interval; stays meaningful when the category is rare.</param>
/// <param name="Items">Items with two or more current labels.</param>
/// <param name="PairableValues">Labels on those items: Krippendorff's n.</param>
/// <param name="Reliability">Reliable when alpha reaches the policy's threshold on enough items.</param>
public sealed record AgreementMeasure(string Category, Estimate Alpha, Estimate Ac1, int Items, int PairableValues, Reliability Reliability)
{
    public bool Reliable => Reliability.IsReliable;
}
