using Assay.Statistics.Drift;
using FsCheck.Xunit;

namespace Assay.Statistics.Tests.Drift;

public sealed class DistributionDistanceTests
{
    [Property(MaxTest = 200)]
    public void Wasserstein_equalSizes_equalsMeanGapOfOrderStatistics(int seed)
    {
        // For samples of equal size W₁ = (1/n) Σ |a₍ᵢ₎ − b₍ᵢ₎|: a second, independent formula.
        var random = new Random(seed);
        var n = random.Next(1, 60);
        var a = Enumerable.Range(0, n).Select(_ => Math.Round(random.NextDouble() * 10, 1)).ToArray();
        var b = Enumerable.Range(0, n).Select(_ => Math.Round((random.NextDouble() * 10) + 1, 1)).ToArray();
        var sa = a.Order().ToArray();
        var sb = b.Order().ToArray();
        var naive = sa.Zip(sb, (x, y) => Math.Abs(x - y)).Average();

        Assert.Equal(naive, DistributionDistance.Wasserstein(a, b), 1e-9);
    }

    [Fact]
    public void JensenShannon_identicalAndDisjoint_areZeroAndOne()
    {
        Assert.Equal(0, DistributionDistance.JensenShannon([5, 5, 0], [10, 10, 0]), 1e-12);
        Assert.Equal(1, DistributionDistance.JensenShannon([5, 0], [0, 7]), 1e-12);
    }

    [Fact]
    public void PopulationStabilityIndex_handComputed_matches()
    {
        // Bins 40/60 vs 60/40 of 100 each, with ½ added per bin: p = (40.5, 60.5)/101, q = (60.5, 40.5)/101.
        var p = new[] { 40.5 / 101, 60.5 / 101 };
        var q = new[] { 60.5 / 101, 40.5 / 101 };
        var expected = ((q[0] - p[0]) * Math.Log(q[0] / p[0])) + ((q[1] - p[1]) * Math.Log(q[1] / p[1]));

        Assert.Equal(expected, DistributionDistance.PopulationStabilityIndex([40, 60], [60, 40]), 1e-12);
    }

    [Fact]
    public void PopulationStabilityIndex_numericShift_growsWithShift()
    {
        var random = new Random(1);
        var reference = Enumerable.Range(0, 5000).Select(_ => random.NextDouble()).ToArray();
        var same = Enumerable.Range(0, 5000).Select(_ => random.NextDouble()).ToArray();
        var shifted = Enumerable.Range(0, 5000).Select(_ => random.NextDouble() + 0.3).ToArray();

        Assert.InRange(DistributionDistance.PopulationStabilityIndex(reference, same), 0, 0.02);
        Assert.InRange(DistributionDistance.PopulationStabilityIndex(reference, shifted), 0.25, double.MaxValue);
        Assert.InRange(DistributionDistance.JensenShannon(reference, same), 0, 0.05);
    }
}
