namespace Assay.Statistics.Agreement;

/// <summary>Fleiss' kappa overall and for each category.</summary>
public sealed record FleissKappaResult(Estimate Overall, IReadOnlyList<CategoryAgreement> PerCategory);
