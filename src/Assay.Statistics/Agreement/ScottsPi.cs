namespace Assay.Statistics.Agreement;

/// <summary>Scott's pi for two raters: kappa with chance agreement from the pooled margins of both raters (Scott 1955).</summary>
/// <remarks>For more than two raters use Fleiss' kappa, its generalisation.</remarks>
public static class ScottsPi
{
    public static double Point(RatingMatrix ratings) =>
        FromTable(PairConfusion.Contributions(ratings).Totals(), ratings.CategoryCount);

    /// <summary>Pi with a bootstrap-over-units interval.</summary>
    public static Estimate Compute(RatingMatrix ratings, BootstrapOptions? options = null, CancellationToken cancellationToken = default)
    {
        var k = ratings.CategoryCount;
        var contributions = PairConfusion.Contributions(ratings);
        var units = (int)contributions.Totals().Sum();
        return AgreementEstimate.Bootstrap(contributions, t => FromTable(t, k), units, options ?? BootstrapOptions.Default, cancellationToken);
    }

    internal static double FromTable(ReadOnlySpan<double> counts, int k)
    {
        double n = 0, agreeing = 0;
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                n += counts[(i * k) + j];
            }

            agreeing += counts[(i * k) + i];
        }

        if (n == 0)
        {
            return double.NaN;
        }

        var expected = 0.0;
        for (var c = 0; c < k; c++)
        {
            var pooled = 0.0;
            for (var j = 0; j < k; j++)
            {
                pooled += counts[(c * k) + j] + counts[(j * k) + c];
            }

            pooled /= 2 * n;
            expected += pooled * pooled;
        }

        return expected < 1 ? ((agreeing / n) - expected) / (1 - expected) : double.NaN;
    }
}
