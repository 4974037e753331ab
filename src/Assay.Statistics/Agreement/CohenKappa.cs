using Assay.Statistics.Distributions;

namespace Assay.Statistics.Agreement;

/// <summary>Cohen's kappa for two raters, unweighted or with linear or quadratic weights, with its large-sample interval.</summary>
/// <remarks>
/// κ_w = (Pₒ − Pₑ)/(1 − Pₑ), Pₒ = Σ w_ij p_ij, Pₑ = Σ w_ij p_i. p_.j, over the units both raters rated (Cohen 1960, 1968).
/// The interval is κ ± z·SE with the non-null standard error of Fleiss, Cohen &amp; Everitt (1969), clipped to [−1, 1].
/// </remarks>
public static class CohenKappa
{
    public static double Point(RatingMatrix ratings, KappaWeighting weighting = KappaWeighting.None) =>
        FromTable(PairConfusion.Contributions(ratings).Totals(), ratings.CategoryCount, weighting).Kappa;

    /// <summary>Kappa with the Fleiss–Cohen–Everitt interval.</summary>
    public static Estimate Compute(RatingMatrix ratings, KappaWeighting weighting = KappaWeighting.None, double confidence = 0.95)
    {
        var table = PairConfusion.Contributions(ratings).Totals();
        var n = (int)table.Sum();
        var (kappa, se) = FromTable(table, ratings.CategoryCount, weighting);
        if (double.IsNaN(kappa))
        {
            return new Estimate(double.NaN, double.NaN, double.NaN, confidence, n, "fleiss-cohen-everitt",
                n == 0 ? "no unit was rated by both raters" : "the ratings show no variation: kappa is undefined");
        }

        var z = NormalDistribution.TwoSidedCritical(confidence);
        var warning = n < AgreementEstimate.MinimumUnits
            ? $"only {n} units were rated by both raters: the interval is too wide to say much"
            : null;
        return new Estimate(kappa, Math.Max(-1, kappa - (z * se)), Math.Min(1, kappa + (z * se)), confidence, n, "fleiss-cohen-everitt", warning);
    }

    /// <summary>Agreement weight of categories i and j out of K.</summary>
    public static double Weight(int i, int j, int k, KappaWeighting weighting)
    {
        if (i == j)
        {
            return 1;
        }

        var distance = Math.Abs(i - j) / (double)(k - 1);
        return weighting switch
        {
            KappaWeighting.None => 0,
            KappaWeighting.Linear => 1 - distance,
            KappaWeighting.Quadratic => 1 - (distance * distance),
            _ => throw new ArgumentOutOfRangeException(nameof(weighting), weighting, "Unknown weighting."),
        };
    }

    internal static (double Kappa, double StandardError) FromTable(ReadOnlySpan<double> counts, int k, KappaWeighting weighting)
    {
        var n = 0.0;
        foreach (var c in counts)
        {
            n += c;
        }

        if (n == 0)
        {
            return (double.NaN, double.NaN);
        }

        var rows = new double[k];
        var columns = new double[k];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                rows[i] += counts[(i * k) + j] / n;
                columns[j] += counts[(i * k) + j] / n;
            }
        }

        double observed = 0, expected = 0;
        var rowWeights = new double[k];
        var columnWeights = new double[k];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                var w = Weight(i, j, k, weighting);
                observed += w * counts[(i * k) + j] / n;
                expected += w * rows[i] * columns[j];
                rowWeights[i] += w * columns[j];
                columnWeights[j] += w * rows[i];
            }
        }

        if (expected >= 1)
        {
            return (double.NaN, double.NaN);
        }

        var kappa = (observed - expected) / (1 - expected);

        // Fleiss, Cohen & Everitt (1969): Var(κ_w) = [Σ p_ij (w_ij − (w̄_i. + w̄_.j)(1 − κ_w))² − (κ_w − Pₑ(1 − κ_w))²] / (n (1 − Pₑ)²).
        var sum = 0.0;
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                var term = Weight(i, j, k, weighting) - ((rowWeights[i] + columnWeights[j]) * (1 - kappa));
                sum += counts[(i * k) + j] / n * term * term;
            }
        }

        var correction = kappa - (expected * (1 - kappa));
        var variance = (sum - (correction * correction)) / (n * (1 - expected) * (1 - expected));
        return (kappa, Math.Sqrt(Math.Max(0, variance)));
    }
}
