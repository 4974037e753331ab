using Assay.Statistics.Agreement;

namespace Assay.Statistics.Tests.Agreement;

public sealed class GwetAc1Tests
{
    [Fact]
    public void Point_rareFailures_staysHighWhereKappaCollapses()
    {
        // The "kappa paradox" (Feinstein & Cicchetti 1990; Gwet 2008): 100 items, both raters "ok" on 95, both
        // "fail" on 1, and they disagree on 4 (2 each way). pₒ = 0.96.
        // Kappa: margins .97/.03 each, pₑ = .9418, κ = (.96 − .9418)/.0582 = 0.3127…
        // AC1 (two raters, two categories): π = (3 + 3)/200 = .03, pₑ = 2π(1 − π) = .0582, AC1 = (.96 − .0582)/.9418 = 0.9575…
        var ratings = TwoRaterTables.Expand(new[,] { { 95, 2 }, { 2, 1 } });

        Assert.Equal((0.96 - 0.9418) / 0.0582, CohenKappa.Point(ratings), 1e-12);
        Assert.Equal((0.96 - 0.0582) / 0.9418, GwetAc1.Point(ratings), 1e-12);
    }

    [Fact]
    public void Compute_wellFilledSample_intervalContainsEstimate()
    {
        var random = new Random(3);
        var ratings = RatingMatrix.FromValues(300, 3, RandomRatings.Correlated(random, 300, 3, 2, 0.8));

        var ac1 = GwetAc1.Compute(ratings);

        Assert.InRange(ac1.Value, ac1.Low, ac1.High);
        Assert.InRange(ac1.Width, 0.01, 0.3);
        Assert.Null(ac1.Warning);
    }
}
