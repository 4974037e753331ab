namespace Assay.Statistics.Agreement;

/// <summary>Observed agreement: the share of agreeing rater pairs within a unit, averaged over units rated twice or more.</summary>
public static class PercentAgreement
{
    public static double Point(RatingMatrix ratings) => FromTotals(NominalAgreementTotals.Totals(ratings));

    /// <summary>Observed agreement with a bootstrap-over-units interval.</summary>
    public static Estimate Compute(RatingMatrix ratings, BootstrapOptions? options = null, CancellationToken cancellationToken = default)
    {
        var contributions = NominalAgreementTotals.Contributions(ratings);
        var units = (int)contributions.Totals()[NominalAgreementTotals.PairableUnits];
        return AgreementEstimate.Bootstrap(contributions, FromTotals, units, options ?? BootstrapOptions.Default, cancellationToken);
    }

    internal static double FromTotals(ReadOnlySpan<double> totals) =>
        totals[NominalAgreementTotals.PairableUnits] > 0
            ? totals[NominalAgreementTotals.AgreementSum] / totals[NominalAgreementTotals.PairableUnits]
            : double.NaN;
}
