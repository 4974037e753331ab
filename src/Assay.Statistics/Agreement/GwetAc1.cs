namespace Assay.Statistics.Agreement;

/// <summary>Gwet's first-order agreement coefficient AC1 (Gwet 2008) for any number of raters with missing ratings.</summary>
/// <remarks>
/// AC1 = (Pₐ − Pₑ)/(1 − Pₑ) with Pₐ as in Fleiss' kappa and Pₑ = Σ_c π_c(1 − π_c)/(K − 1), π_c the mean over units of
/// the share of the unit's ratings in category c. Chance agreement is small when one category dominates, so AC1 stays
/// meaningful when failures are rare, where kappa collapses towards 0 (the "kappa paradox").
/// K is the number of categories present in the data; with one category AC1 is undefined.
/// </remarks>
public static class GwetAc1
{
    public static double Point(RatingMatrix ratings) => FromTotals(NominalAgreementTotals.Totals(ratings), ratings.CategoryCount);

    /// <summary>AC1 with a bootstrap-over-units interval.</summary>
    public static Estimate Compute(RatingMatrix ratings, BootstrapOptions? options = null, CancellationToken cancellationToken = default)
    {
        var k = ratings.CategoryCount;
        var contributions = NominalAgreementTotals.Contributions(ratings);
        var units = (int)contributions.Totals()[NominalAgreementTotals.PairableUnits];
        return AgreementEstimate.Bootstrap(contributions, t => FromTotals(t, k), units, options ?? BootstrapOptions.Default, cancellationToken);
    }

    internal static double FromTotals(ReadOnlySpan<double> totals, int k)
    {
        var rated = totals[NominalAgreementTotals.RatedUnits(k)];
        var pairable = totals[NominalAgreementTotals.PairableUnits];
        if (k < 2 || pairable == 0 || rated == 0)
        {
            return double.NaN;
        }

        var expected = 0.0;
        for (var c = 0; c < k; c++)
        {
            var pi = totals[NominalAgreementTotals.Shares(k) + c] / rated;
            expected += pi * (1 - pi);
        }

        expected /= k - 1;
        var observed = totals[NominalAgreementTotals.AgreementSum] / pairable;
        return (observed - expected) / (1 - expected);
    }
}
