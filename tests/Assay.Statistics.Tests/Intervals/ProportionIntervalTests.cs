using Assay.Statistics.Distributions;
using Assay.Statistics.Intervals;
using FsCheck.Xunit;

namespace Assay.Statistics.Tests.Intervals;

public sealed class ProportionIntervalTests
{
    /// <summary>Newcombe, R. G. (1998). Two-sided confidence intervals for the single proportion. Stat Med 17, 857–872, Table II (methods 3 and 5), to four decimals.</summary>
    [Theory]
    [InlineData(81, 263, 0.2553, 0.3662, 0.2527, 0.3676)]
    [InlineData(15, 148, 0.0624, 0.1605, 0.0578, 0.1617)]
    [InlineData(0, 20, 0.0000, 0.1611, 0.0000, 0.1684)]
    [InlineData(1, 29, 0.0061, 0.1718, 0.0009, 0.1776)]
    public void WilsonAndClopperPearson_newcombe1998Examples_matchToFourDecimals(int k, int n, double wl, double wu, double cl, double cu)
    {
        var wilson = ProportionInterval.Compute(k, n, IntervalMethod.Wilson);
        var exact = ProportionInterval.Compute(k, n, IntervalMethod.ClopperPearson);

        Assert.Equal(wl, wilson.Low, 0.00006);
        Assert.Equal(wu, wilson.High, 0.00006);
        Assert.Equal(cl, exact.Low, 0.00006);
        Assert.Equal(cu, exact.High, 0.00006);
    }

    [Property(MaxTest = 200)]
    public void ClopperPearson_bounds_solveTheBinomialTailEquations(int seed)
    {
        // Naive check: P(X ≥ k | p = L) = α/2 and P(X ≤ k | p = U) = α/2, with the tails summed term by term.
        var random = new Random(seed);
        var n = random.Next(2, 80);
        var k = random.Next(1, n);
        var (low, high) = ProportionInterval.ClopperPearson(k, n);

        Assert.Equal(0.025, Tail(n, low, k, n), 1e-9);
        Assert.Equal(0.025, Tail(n, high, 0, k), 1e-9);
    }

    [Property(MaxTest = 300)]
    public void Compute_anyMethod_containsEstimateAndNestsByConfidence(int seed)
    {
        var random = new Random(seed);
        var n = random.Next(1, 500);
        var k = random.Next(0, n + 1);
        foreach (var method in Enum.GetValues<IntervalMethod>())
        {
            var narrow = ProportionInterval.Compute(k, n, method, 0.8);
            var wide = ProportionInterval.Compute(k, n, method, 0.99);
            Assert.InRange(narrow.Value, narrow.Low, narrow.High);
            Assert.True(wide.Low <= narrow.Low + 1e-12 && wide.High >= narrow.High - 1e-12, $"{method} {k}/{n}");
            Assert.InRange(wide.Low, 0, 1);
            Assert.InRange(wide.High, 0, 1);
        }
    }

    [Theory]
    [InlineData(IntervalMethod.Wilson)]
    [InlineData(IntervalMethod.ClopperPearson)]
    [InlineData(IntervalMethod.Jeffreys)]
    [InlineData(IntervalMethod.AgrestiCoull)]
    public void Compute_zeroSuccesses_givesPositiveUpperBound(IntervalMethod method)
    {
        var estimate = ProportionInterval.Compute(0, 50, method);

        Assert.Equal(0, estimate.Value);
        Assert.Equal(0, estimate.Low);
        Assert.InRange(estimate.High, 0.03, 0.12);
    }

    [Fact]
    public void Compute_zeroTrials_isEmptyWithWarning()
    {
        var estimate = ProportionInterval.Compute(0, 0);

        Assert.True(double.IsNaN(estimate.Value));
        Assert.Equal((0.0, 1.0), (estimate.Low, estimate.High));
        Assert.NotNull(estimate.Warning);
    }

    [Theory]
    [InlineData(IntervalMethod.Wilson, 0.93, 0.97)]
    [InlineData(IntervalMethod.Jeffreys, 0.93, 0.97)]
    [InlineData(IntervalMethod.AgrestiCoull, 0.935, 0.975)]
    [InlineData(IntervalMethod.ClopperPearson, 0.945, 0.99)]
    public void Compute_simulatedCoverage_isNearNominal(IntervalMethod method, double lowest, double highest)
    {
        // 12 (n, p) cells × 4000 seeded binomial draws. The mean coverage over the cells must lie in the stated band
        // (its simulation SE is ≈ 0.001); Clopper–Pearson is conservative by design, hence its higher band.
        var random = new Random(20260101);
        int[] sizes = [30, 100, 400];
        double[] rates = [0.05, 0.1, 0.3, 0.5];
        var covered = 0;
        var total = 0;
        foreach (var n in sizes)
        {
            var cache = new (double Low, double High)[n + 1];
            for (var k = 0; k <= n; k++)
            {
                var e = ProportionInterval.Compute(k, n, method);
                cache[k] = (e.Low, e.High);
            }

            foreach (var p in rates)
            {
                for (var rep = 0; rep < 4000; rep++)
                {
                    var k = 0;
                    for (var i = 0; i < n; i++)
                    {
                        k += random.NextDouble() < p ? 1 : 0;
                    }

                    covered += cache[k].Low <= p && p <= cache[k].High ? 1 : 0;
                    total++;
                }
            }
        }

        Assert.InRange(covered / (double)total, lowest, highest);
    }

    [Fact]
    public void TryParse_cliNames_roundTrip()
    {
        foreach (var method in Enum.GetValues<IntervalMethod>())
        {
            Assert.True(ProportionInterval.TryParse(ProportionInterval.Name(method), out var parsed));
            Assert.Equal(method, parsed);
        }

        Assert.False(ProportionInterval.TryParse("wald", out _));
    }

    private static double Tail(int n, double p, int from, int to)
    {
        var sum = 0.0;
        for (var j = from; j <= to; j++)
        {
            sum += Math.Exp(GammaFunction.LogBinomial(n, j) + (j * Math.Log(p)) + ((n - j) * Math.Log(1 - p)));
        }

        return sum;
    }
}
