using Assay.Statistics.Agreement;
using FsCheck.Xunit;

namespace Assay.Statistics.Tests.Agreement;

public sealed class AgreementPropertyTests
{
    private const double Tolerance = 1e-9;

    [Property(MaxTest = 200)]
    public void Point_randomMatrices_fastAlphaAgreesWithNaivePairwiseDefinition(int seed)
    {
        var random = new Random(seed);
        var units = random.Next(2, 30);
        var raters = random.Next(2, 6);
        var values = RandomRatings.Values(random, units, raters, random.Next(2, 6), missing: 0.2, spreadValues: true);
        var rows = Enumerable.Range(0, units)
            .Select(u => Enumerable.Range(0, raters).Select(r => double.IsNaN(values[(u * raters) + r]) ? (double?)null : values[(u * raters) + r]).ToArray())
            .ToArray();
        var matrix = RatingMatrix.FromValues(units, raters, values);

        foreach (var level in Enum.GetValues<MeasurementLevel>())
        {
            var fast = KrippendorffAlpha.Point(matrix, level);
            var naive = NaiveAlpha.Compute(rows, level);
            if (double.IsNaN(fast) || double.IsNaN(naive) || double.IsInfinity(naive))
            {
                Assert.True(double.IsNaN(fast) && !double.IsFinite(naive), $"{level}: fast {fast}, naive {naive}");
            }
            else
            {
                Assert.Equal(naive, fast, Tolerance);
            }
        }
    }

    [Property(MaxTest = 100)]
    public void Coefficients_permutedUnitsAndRaters_areUnchanged(int seed)
    {
        var random = new Random(seed);
        var units = random.Next(3, 40);
        var raters = random.Next(2, 6);
        var matrix = RatingMatrix.FromValues(units, raters, RandomRatings.Correlated(random, units, raters, 3, 0.6));
        var permuted = matrix.Permute(RandomRatings.Permutation(random, units), RandomRatings.Permutation(random, raters));

        AssertSame(KrippendorffAlpha.Point(matrix, MeasurementLevel.Nominal), KrippendorffAlpha.Point(permuted, MeasurementLevel.Nominal));
        AssertSame(KrippendorffAlpha.Point(matrix, MeasurementLevel.Ordinal), KrippendorffAlpha.Point(permuted, MeasurementLevel.Ordinal));
        AssertSame(KrippendorffAlpha.Point(matrix, MeasurementLevel.Interval), KrippendorffAlpha.Point(permuted, MeasurementLevel.Interval));
        AssertSame(FleissKappa.Point(matrix), FleissKappa.Point(permuted));
        AssertSame(GwetAc1.Point(matrix), GwetAc1.Point(permuted));
        AssertSame(PercentAgreement.Point(matrix), PercentAgreement.Point(permuted));
    }

    [Property(MaxTest = 100)]
    public void Coefficients_perfectAgreement_areOne(int seed)
    {
        var random = new Random(seed);
        var units = random.Next(2, 40);
        var raters = random.Next(2, 6);
        var values = new double[units * raters];
        for (var u = 0; u < units; u++)
        {
            // The first two units differ so that there is variation to agree on.
            var label = u < 2 ? u : random.Next(4);
            for (var r = 0; r < raters; r++)
            {
                values[(u * raters) + r] = r > 0 && random.NextDouble() < 0.2 ? double.NaN : label + 1;
            }

            values[(u * raters) + 1] = label + 1;
        }

        var matrix = RatingMatrix.FromValues(units, raters, values);

        foreach (var level in Enum.GetValues<MeasurementLevel>())
        {
            Assert.Equal(1, KrippendorffAlpha.Point(matrix, level), Tolerance);
        }

        Assert.Equal(1, FleissKappa.Point(matrix), Tolerance);
        Assert.Equal(1, GwetAc1.Point(matrix), Tolerance);
        Assert.Equal(1, PercentAgreement.Point(matrix), Tolerance);
    }

    [Fact]
    public void Coefficients_chanceLevelLabels_averageNearZeroOverSeeds()
    {
        // 200 seeds × 200 units × 4 raters of independent uniform labels: the mean coefficient is within 0.01 of 0
        // (its standard error is about 0.001), and Cohen's kappa / Scott's pi on the first two raters likewise.
        double alpha = 0, fleiss = 0, gwet = 0, cohen = 0, scott = 0;
        const int seeds = 200;
        for (var seed = 0; seed < seeds; seed++)
        {
            var matrix = RandomRatings.Matrix(seed, 200, 4, 3);
            alpha += KrippendorffAlpha.Point(matrix, MeasurementLevel.Nominal) / seeds;
            fleiss += FleissKappa.Point(matrix) / seeds;
            gwet += GwetAc1.Point(matrix) / seeds;
            var pair = RatingMatrix.FromValues(200, 2, RandomRatings.Values(new Random(seed + 10_000), 200, 2, 3));
            cohen += CohenKappa.Point(pair) / seeds;
            scott += ScottsPi.Point(pair) / seeds;
        }

        Assert.InRange(alpha, -0.01, 0.01);
        Assert.InRange(fleiss, -0.01, 0.01);
        Assert.InRange(gwet, -0.01, 0.01);
        Assert.InRange(cohen, -0.01, 0.01);
        Assert.InRange(scott, -0.01, 0.01);
    }

    [Property(MaxTest = 100)]
    public void FleissKappa_twoRatersNoMissing_equalsScottsPi(int seed)
    {
        var random = new Random(seed);
        var units = random.Next(5, 50);
        var matrix = RatingMatrix.FromValues(units, 2, RandomRatings.Correlated(random, units, 2, 3, 0.5, missing: 0));

        AssertSame(ScottsPi.Point(matrix), FleissKappa.Point(matrix));
    }

    private static void AssertSame(double expected, double actual)
    {
        if (double.IsNaN(expected))
        {
            Assert.True(double.IsNaN(actual));
        }
        else
        {
            Assert.Equal(expected, actual, Tolerance);
        }
    }
}
