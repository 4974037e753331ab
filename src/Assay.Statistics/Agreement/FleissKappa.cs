using Assay.Statistics.Resampling;

namespace Assay.Statistics.Agreement;

/// <summary>Fleiss' kappa (Fleiss 1971) for many raters, overall and per category, generalised to a varying number of ratings per unit.</summary>
/// <remarks>
/// κ = (P̄ − Pₑ)/(1 − Pₑ), P̄ the mean over units of the share of agreeing rater pairs, Pₑ = Σ p_c², p_c the share of
/// all ratings in category c; only units rated twice or more count. With a constant number of ratings per unit
/// this is exactly Fleiss's formula; with two raters and no missing ratings it equals Scott's pi.
/// </remarks>
public static class FleissKappa
{
    /// <summary>The overall point estimate.</summary>
    public static double Point(RatingMatrix ratings) => Overall(NominalAgreementTotals.Totals(ratings), ratings.CategoryCount);

    /// <summary>Overall and per-category kappa, each with a bootstrap-over-units interval from the same resamples.</summary>
    public static FleissKappaResult Compute(RatingMatrix ratings, BootstrapOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= BootstrapOptions.Default;
        var k = ratings.CategoryCount;
        var contributions = NominalAgreementTotals.Contributions(ratings);
        var totals = contributions.Totals();
        var units = (int)totals[NominalAgreementTotals.PairableUnits];
        var overall = AgreementEstimate.Bootstrap(contributions, t => Overall(t, k), units, options, cancellationToken);

        var replicates = UnitBootstrap.Replicates(
            contributions,
            (t, results) =>
            {
                for (var c = 0; c < k; c++)
                {
                    results[c] = PerCategory(t, k, c);
                }
            },
            k,
            options.Resamples,
            options.Seed,
            cancellationToken);

        var perCategory = new CategoryAgreement[k];
        for (var c = 0; c < k; c++)
        {
            var value = PerCategory(totals, k, c);
            var (low, high) = UnitBootstrap.Percentile(replicates[c], options.Confidence);
            perCategory[c] = new CategoryAgreement(
                ratings.Categories[c],
                new Estimate(value, Math.Min(low, value), Math.Max(high, value), options.Confidence, units, "bootstrap-percentile", overall.Warning));
        }

        return new FleissKappaResult(overall, perCategory);
    }

    internal static double Overall(ReadOnlySpan<double> totals, int k)
    {
        var ratingSum = totals[NominalAgreementTotals.RatingSum(k)];
        if (ratingSum == 0)
        {
            return double.NaN;
        }

        var expected = 0.0;
        for (var c = 0; c < k; c++)
        {
            var p = totals[NominalAgreementTotals.Margins + c] / ratingSum;
            expected += p * p;
        }

        var observed = totals[NominalAgreementTotals.AgreementSum] / totals[NominalAgreementTotals.PairableUnits];
        return expected < 1 ? (observed - expected) / (1 - expected) : double.NaN;
    }

    // κ_c = 1 − Σᵤ nᵤc(mᵤ − nᵤc)/(mᵤ − 1) / (Σᵤ mᵤ · p_c q_c)   (Fleiss 1971, eq. 20–21, for varying mᵤ).
    internal static double PerCategory(ReadOnlySpan<double> totals, int k, int c)
    {
        var ratingSum = totals[NominalAgreementTotals.RatingSum(k)];
        var p = ratingSum > 0 ? totals[NominalAgreementTotals.Margins + c] / ratingSum : double.NaN;
        var denominator = ratingSum * p * (1 - p);
        return denominator > 0 ? 1 - (totals[NominalAgreementTotals.Disagreements(k) + c] / denominator) : double.NaN;
    }
}
