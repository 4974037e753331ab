using Assay.Statistics.Resampling;

namespace Assay.Statistics.Agreement;

/// <summary>Krippendorff's alpha by the coincidence-matrix method, for any number of raters and missing ratings.</summary>
/// <remarks>
/// α = 1 − D_o / D_e = 1 − (n − 1) Σ o_ck δ²_ck / Σ n_c n_k δ²_ck, where o is the coincidence matrix over units
/// with at least two ratings, n_c its margins and n the number of pairable values (Krippendorff 2011).
/// </remarks>
public static class KrippendorffAlpha
{
    /// <summary>The point estimate of alpha; NaN when undefined (no pairable values or no variation).</summary>
    public static double Point(RatingMatrix ratings, MeasurementLevel level)
    {
        var k = ratings.CategoryCount;
        var builder = UnitContributionsBuilder.TotalsOnly(level == MeasurementLevel.Ordinal ? k * k : k + 1);
        Accumulate(ratings, level, builder);
        return FromTotals(builder.Totals(), ratings.CategoryValues, level);
    }

    /// <summary>Alpha with a bootstrap-over-units percentile interval.</summary>
    public static Estimate Compute(RatingMatrix ratings, MeasurementLevel level, BootstrapOptions? options = null, CancellationToken cancellationToken = default)
    {
        var contributions = Contributions(ratings, level);
        var categories = ratings.CategoryValues.ToArray();
        return AgreementEstimate.Bootstrap(
            contributions,
            totals => FromTotals(totals, categories, level),
            PairableUnits(ratings),
            options ?? BootstrapOptions.Default,
            cancellationToken);
    }

    /// <summary>The number of pairable values n: ratings in units rated at least twice.</summary>
    public static int PairableValues(RatingMatrix ratings)
    {
        var counts = new UnitCounts(ratings);
        var n = 0;
        while (counts.MoveNext())
        {
            n += counts.Ratings >= 2 ? counts.Ratings : 0;
        }

        return n;
    }

    internal static int PairableUnits(RatingMatrix ratings)
    {
        var counts = new UnitCounts(ratings);
        var units = 0;
        while (counts.MoveNext())
        {
            units += counts.Ratings >= 2 ? 1 : 0;
        }

        return units;
    }

    /// <summary>
    /// Per-unit contributions. Ordinal: the full coincidence matrix (its metric depends on the margins).
    /// Other levels: the margins n_c and, in the last slot, the unit's observed disagreement Σ o_ck δ²_ck.
    /// </summary>
    internal static UnitContributions Contributions(RatingMatrix ratings, MeasurementLevel level)
    {
        var k = ratings.CategoryCount;
        var builder = new UnitContributionsBuilder(level == MeasurementLevel.Ordinal ? k * k : k + 1, ratings.Units * 3);
        Accumulate(ratings, level, builder);
        return builder.Build();
    }

    private static void Accumulate(RatingMatrix ratings, MeasurementLevel level, UnitContributionsBuilder builder)
    {
        var k = ratings.CategoryCount;
        var values = ratings.CategoryValues;
        var ordinal = level == MeasurementLevel.Ordinal;
        var counts = new UnitCounts(ratings);
        while (counts.MoveNext())
        {
            var m = counts.Ratings;
            if (m >= 2)
            {
                double inverse = 1.0 / (m - 1);
                var disagreement = 0.0;
                for (var i = 0; i < counts.Distinct; i++)
                {
                    var c = counts.Category(i);
                    var nc = counts.Count(c);
                    if (!ordinal)
                    {
                        builder.Add(c, nc);
                    }

                    for (var j = 0; j < counts.Distinct; j++)
                    {
                        var d = counts.Category(j);
                        var pairs = i == j ? nc * (nc - 1) : nc * counts.Count(d);
                        if (ordinal)
                        {
                            builder.Add((c * k) + d, pairs * inverse);
                        }
                        else if (i != j)
                        {
                            disagreement += pairs * Delta(level, values[c], values[d]);
                        }
                    }
                }

                if (!ordinal)
                {
                    builder.Add(k, disagreement * inverse);
                }
            }

            builder.EndUnit();
        }
    }

    internal static double FromTotals(ReadOnlySpan<double> totals, ReadOnlySpan<double> values, MeasurementLevel level)
    {
        var k = values.Length;
        return level == MeasurementLevel.Ordinal ? OrdinalFromCoincidences(totals, k) : FromMargins(totals, values, level);
    }

    private static double FromMargins(ReadOnlySpan<double> totals, ReadOnlySpan<double> values, MeasurementLevel level)
    {
        var k = values.Length;
        var margins = totals[..k];
        var observed = totals[k];
        double n = 0, sumSquares = 0, sumValues = 0, sumValueSquares = 0;
        for (var c = 0; c < k; c++)
        {
            n += margins[c];
            sumSquares += margins[c] * margins[c];
            sumValues += margins[c] * values[c];
            sumValueSquares += margins[c] * values[c] * values[c];
        }

        double expected;
        switch (level)
        {
            case MeasurementLevel.Nominal:
                expected = (n * n) - sumSquares;
                break;
            case MeasurementLevel.Interval:
                // Σ_c Σ_k n_c n_k (v_c − v_k)² expands to 2(n Σ n_c v_c² − (Σ n_c v_c)²): linear in the categories.
                expected = 2 * ((n * sumValueSquares) - (sumValues * sumValues));
                break;
            default:
                expected = 0;
                for (var c = 0; c < k; c++)
                {
                    for (var d = c + 1; d < k; d++)
                    {
                        expected += 2 * margins[c] * margins[d] * Delta(level, values[c], values[d]);
                    }
                }

                break;
        }

        return expected > 0 ? 1 - ((n - 1) * observed / expected) : double.NaN;
    }

    private static double OrdinalFromCoincidences(ReadOnlySpan<double> coincidences, int k)
    {
        Span<double> margins = k <= 256 ? stackalloc double[k] : new double[k];
        Span<double> cumulative = k <= 256 ? stackalloc double[k + 1] : new double[k + 1];
        margins.Clear();
        cumulative[0] = 0;
        for (var c = 0; c < k; c++)
        {
            for (var d = 0; d < k; d++)
            {
                margins[c] += coincidences[(c * k) + d];
            }

            cumulative[c + 1] = cumulative[c] + margins[c];
        }

        var n = cumulative[k];
        double observed = 0, expected = 0;
        for (var c = 0; c < k; c++)
        {
            for (var d = c + 1; d < k; d++)
            {
                // δ²_cd = (Σ_{g=c..d} n_g − (n_c + n_d)/2)², Krippendorff's ordinal metric.
                var span = cumulative[d + 1] - cumulative[c] - ((margins[c] + margins[d]) / 2);
                var delta = span * span;
                observed += (coincidences[(c * k) + d] + coincidences[(d * k) + c]) * delta;
                expected += 2 * margins[c] * margins[d] * delta;
            }
        }

        return expected > 0 ? 1 - ((n - 1) * observed / expected) : double.NaN;
    }

    /// <summary>δ² for the levels whose metric depends only on the two values.</summary>
    private static double Delta(MeasurementLevel level, double a, double b) => level switch
    {
        MeasurementLevel.Nominal => a == b ? 0 : 1,
        MeasurementLevel.Interval => (a - b) * (a - b),
        MeasurementLevel.Ratio => a + b == 0 ? 0 : ((a - b) / (a + b)) * ((a - b) / (a + b)),
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "The ordinal metric depends on the margins."),
    };
}
