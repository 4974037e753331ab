using Assay.Statistics.Distributions;
using Assay.Statistics.Resampling;

namespace Assay.Statistics.Tests.Distributions;

/// <summary>The samplers' first two moments against the distributions' own, over 200,000 seeded draws (tolerances ≈ 5 standard errors).</summary>
public sealed class RandomVariatesTests
{
    private const int Draws = 200_000;

    [Theory]
    [InlineData(2.5, 7.5)]
    [InlineData(0.5, 0.5)]   // Jeffreys: both shapes below 1 go through the boost
    [InlineData(0.5, 300.5)] // a posterior after 300 clean audits
    public void Beta_has_mean_a_over_a_plus_b_and_its_variance(double a, double b)
    {
        var random = new SplitMix64(11);
        var draws = Enumerable.Range(0, Draws).Select(_ => RandomVariates.Beta(ref random, a, b)).ToArray();

        var mean = a / (a + b);
        var variance = a * b / ((a + b) * (a + b) * (a + b + 1));
        Assert.Equal(mean, draws.Average(), 5 * Math.Sqrt(variance / Draws));
        Assert.Equal(variance, draws.Select(x => (x - mean) * (x - mean)).Average(), variance * 0.03);
        Assert.All(draws, x => Assert.InRange(x, 0, 1));
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(1.0)]
    [InlineData(40.0)]
    public void Gamma_has_mean_and_variance_equal_to_its_shape(double shape)
    {
        var random = new SplitMix64(5);
        var draws = Enumerable.Range(0, Draws).Select(_ => RandomVariates.Gamma(ref random, shape)).ToArray();

        Assert.Equal(shape, draws.Average(), 5 * Math.Sqrt(shape / Draws));
        Assert.Equal(shape, draws.Select(x => (x - shape) * (x - shape)).Average(), shape * 0.05);
    }

    [Theory]
    [InlineData(20_000, 0.02)]
    [InlineData(50, 0.9)]
    [InlineData(7, 0.5)]
    public void Binomial_has_mean_np_and_variance_npq(long trials, double p)
    {
        var random = new SplitMix64(3);
        var draws = Enumerable.Range(0, Draws / 4).Select(_ => (double)RandomVariates.Binomial(ref random, trials, p)).ToArray();

        var variance = trials * p * (1 - p);
        Assert.Equal(trials * p, draws.Average(), 5 * Math.Sqrt(variance / draws.Length));
        Assert.Equal(variance, draws.Select(x => (x - (trials * p)) * (x - (trials * p))).Average(), variance * 0.05);
        Assert.All(draws, x => Assert.InRange(x, 0, trials));
    }
}
