using Assay.Statistics.Agreement;

namespace Assay.Statistics.Tests.Agreement;

public sealed class KrippendorffAlphaTests
{
    /// <summary>
    /// Krippendorff, K. (2011). "Computing Krippendorff's Alpha-Reliability", section C: 4 observers × 12 units
    /// with missing values. Published: nominal 0.743, ordinal 0.815, interval 0.849, ratio 0.797 (three decimals).
    /// </summary>
    internal static RatingMatrix Krippendorff2011() => RatingMatrix.FromRows(Transpose(Krippendorff2011Observers));

    /// <summary>The data of <see cref="Krippendorff2011"/> as published: one row per observer, one column per unit.</summary>
    internal static readonly double?[][] Krippendorff2011Observers =
    [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
        [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
    ];

    [Theory]
    [InlineData(MeasurementLevel.Nominal, 0.743)]
    [InlineData(MeasurementLevel.Ordinal, 0.815)]
    [InlineData(MeasurementLevel.Interval, 0.849)]
    [InlineData(MeasurementLevel.Ratio, 0.797)]
    public void Point_krippendorff2011Example_matchesPublishedValueToThreeDecimals(MeasurementLevel level, double published)
    {
        var alpha = KrippendorffAlpha.Point(Krippendorff2011(), level);

        Assert.Equal(published, alpha, 0.0005);
    }

    [Fact]
    public void PairableValues_krippendorff2011Example_is40()
    {
        // Unit 12 has a single rating and is not pairable; the paper's n.. is 40.
        Assert.Equal(40, KrippendorffAlpha.PairableValues(Krippendorff2011()));
    }

    [Fact]
    public void Compute_krippendorff2011Example_intervalContainsEstimateAndIsDeterministic()
    {
        var ratings = Krippendorff2011();

        var first = KrippendorffAlpha.Compute(ratings, MeasurementLevel.Nominal, new BootstrapOptions(Resamples: 500, Seed: 7));
        var second = KrippendorffAlpha.Compute(ratings, MeasurementLevel.Nominal, new BootstrapOptions(Resamples: 500, Seed: 7));

        Assert.Equal(first, second);
        Assert.InRange(first.Value, first.Low, first.High);
        Assert.True(first.High - first.Low > 0.05, "a 12-unit sample cannot pin alpha down");
        Assert.Equal(11, first.SampleSize);
        Assert.Null(first.Warning);
    }

    [Fact]
    public void Compute_fewerThanTenPairableUnits_warns()
    {
        var ratings = RatingMatrix.FromRows([[1, 1], [2, 2], [1, 2]]);

        var alpha = KrippendorffAlpha.Compute(ratings, MeasurementLevel.Nominal);

        Assert.NotNull(alpha.Warning);
        Assert.Equal(3, alpha.SampleSize);
    }

    [Fact]
    public void Point_singleCategoryEverywhere_isNaN()
    {
        var ratings = RatingMatrix.FromRows([[1, 1], [1, 1]]);

        Assert.True(double.IsNaN(KrippendorffAlpha.Point(ratings, MeasurementLevel.Nominal)));
    }

    internal static double?[][] Transpose(double?[][] byRater)
    {
        var units = byRater[0].Length;
        var rows = new double?[units][];
        for (var u = 0; u < units; u++)
        {
            rows[u] = new double?[byRater.Length];
            for (var r = 0; r < byRater.Length; r++)
            {
                rows[u][r] = byRater[r][u];
            }
        }

        return rows;
    }
}
