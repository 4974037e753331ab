using Assay.Statistics.Distributions;
using FsCheck.Xunit;

namespace Assay.Statistics.Tests.Distributions;

public sealed class SpecialFunctionTests
{
    [Theory]
    [InlineData(0.975, 1.959963984540054)]
    [InlineData(0.995, 2.5758293035489004)]
    [InlineData(0.5, 0.0)]
    [InlineData(0.001, -3.090232306167813)]
    [InlineData(1e-10, -6.361340902404056)]
    public void NormalQuantile_knownValues_matchToTwelveDigits(double p, double expected)
    {
        Assert.Equal(expected, NormalDistribution.Quantile(p), 1e-12);
    }

    [Property(MaxTest = 300)]
    public void NormalQuantile_ofCdf_roundTrips(double raw)
    {
        // Above 5 the CDF is within 3e-7 of 1 and its last digits, not the quantile, limit the round trip.
        var x = (raw % 6.5) is var v && double.IsFinite(v) ? v - 1.5 : 0;

        Assert.Equal(x, NormalDistribution.Quantile(NormalDistribution.Cdf(x)), 1e-8);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(10, 12.801827480081469)] // ln 9! = ln 362880
    [InlineData(0.5, 0.5723649429247001)] // ln √π
    [InlineData(101, 363.73937555556347)] // ln 100!
    public void LogGamma_knownValues_matchToTenDigits(double x, double expected)
    {
        Assert.Equal(expected, GammaFunction.LogGamma(x), 1e-10);
    }

    [Property(MaxTest = 200)]
    public void ChiSquareCdf_twoDegreesOfFreedom_isOneMinusExpHalfX(double raw)
    {
        var x = Math.Abs(raw % 60);
        if (!double.IsFinite(x))
        {
            return;
        }

        Assert.Equal(1 - Math.Exp(-x / 2), ChiSquareDistribution.Cdf(x, 2), 1e-12);
        Assert.Equal(Math.Exp(-x / 2), ChiSquareDistribution.Survival(x, 2), 1e-12);
    }

    [Property(MaxTest = 200)]
    public void RegularizedBeta_integerParameters_equalsBinomialTail(int seed)
    {
        // I_x(k, n − k + 1) = P(Binomial(n, x) ≥ k), summed term by term.
        var random = new Random(seed);
        var n = random.Next(1, 60);
        var k = random.Next(1, n + 1);
        var x = random.NextDouble();
        var tail = 0.0;
        for (var j = k; j <= n; j++)
        {
            tail += Math.Exp(GammaFunction.LogBinomial(n, j) + (j * Math.Log(x)) + ((n - j) * Math.Log(1 - x)));
        }

        Assert.Equal(tail, BetaFunction.Regularized(x, k, n - k + 1), 1e-10);
    }

    [Property(MaxTest = 200)]
    public void BetaInverse_ofRegularized_roundTrips(int seed)
    {
        var random = new Random(seed);
        var a = 0.5 + (random.NextDouble() * 50);
        var b = 0.5 + (random.NextDouble() * 50);
        var p = random.NextDouble();

        Assert.Equal(p, BetaFunction.Regularized(BetaFunction.Inverse(p, a, b), a, b), 1e-10);
    }

    [Theory]
    [InlineData(1.3580986393225505, 0.05)]
    [InlineData(1.6276236115189502, 0.01)]
    [InlineData(0.8275735551899077, 0.5)]
    public void KolmogorovSurvival_criticalValues_matchPublishedQuantiles(double lambda, double p)
    {
        Assert.Equal(p, KolmogorovDistribution.Survival(lambda), 1e-9);
    }

    [Fact]
    public void KolmogorovSurvival_acrossBranchSwitch_isContinuous()
    {
        Assert.Equal(KolmogorovDistribution.Survival(1.18 - 1e-12), KolmogorovDistribution.Survival(1.18), 1e-10);
    }
}
