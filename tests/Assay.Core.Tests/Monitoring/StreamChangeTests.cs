using Assay.Monitoring;

namespace Assay.Core.Tests.Monitoring;

public sealed class StreamChangeTests
{
    [Theory]
    [InlineData(500, 0.04)]
    [InlineData(37, 0.5)]
    [InlineData(2000, 0.9)]
    public void Binomial_draws_have_the_binomial_mean_and_variance(int n, double p)
    {
        const int Draws = 20_000;
        var random = new Random(11);
        var values = Enumerable.Range(0, Draws).Select(_ => (double)StreamChange.Binomial(random, n, p)).ToArray();

        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / (Draws - 1);
        // Within 4 standard errors of n·p, and the variance within 5% of n·p·(1 − p) (its relative SE here is about 1%).
        Assert.InRange(mean, (n * p) - (4 * Math.Sqrt(n * p * (1 - p) / Draws)), (n * p) + (4 * Math.Sqrt(n * p * (1 - p) / Draws)));
        Assert.InRange(variance / (n * p * (1 - p)), 0.95, 1.05);
        Assert.All(values, v => Assert.InRange(v, 0, n));
    }

    [Fact]
    public void Binomial_edge_cases_are_exact()
    {
        var random = new Random(1);
        Assert.Equal(0, StreamChange.Binomial(random, 100, 0));
        Assert.Equal(100, StreamChange.Binomial(random, 100, 1));
        Assert.Equal(0, StreamChange.Binomial(random, 0, 0.3));
    }
}
