using Assay.Statistics.Drift;
using FsCheck.Xunit;

namespace Assay.Statistics.Tests.Drift;

public sealed class KolmogorovSmirnovTests
{
    [Property(MaxTest = 200)]
    public void TwoSample_randomTiedSamples_statisticMatchesDefinition(int seed)
    {
        // D from its definition: the largest |F_a(x) − F_b(x)| over every pooled value x, each ECDF counted naively.
        var random = new Random(seed);
        var a = Sample(random, random.Next(1, 40));
        var b = Sample(random, random.Next(1, 40));
        var naive = a.Concat(b).Max(x => Math.Abs((a.Count(v => v <= x) / (double)a.Length) - (b.Count(v => v <= x) / (double)b.Length)));

        Assert.Equal(naive, KolmogorovSmirnov.TwoSample(a, b).Statistic, 1e-12);
    }

    [Property(MaxTest = 60)]
    public void TwoSample_smallTiedSamples_exactPValueMatchesFullEnumeration(int seed)
    {
        // Enumerate every way of splitting the pooled sample into groups of sizes n and m (at most C(12, 6) = 924)
        // and count those whose D is at least the observed one.
        var random = new Random(seed);
        var a = Sample(random, random.Next(1, 7));
        var b = Sample(random, random.Next(1, 7));
        var observed = KolmogorovSmirnov.TwoSample(a, b, KolmogorovSmirnovMethod.Exact);
        var pooled = a.Concat(b).ToArray();
        int hits = 0, total = 0;
        foreach (var mask in Combinations(pooled.Length, a.Length))
        {
            var x = pooled.Where((_, i) => (mask & (1 << i)) != 0).ToArray();
            var y = pooled.Where((_, i) => (mask & (1 << i)) == 0).ToArray();
            total++;
            hits += KolmogorovSmirnov.TwoSample(x, y, KolmogorovSmirnovMethod.Asymptotic).Statistic >= observed.Statistic - 1e-12 ? 1 : 0;
        }

        Assert.Equal(hits / (double)total, observed.PValue, 1e-9);
    }

    [Fact]
    public void TwoSample_moderateSamples_exactAndAsymptoticAgree()
    {
        var random = new Random(5);
        var a = Enumerable.Range(0, 300).Select(_ => random.NextDouble()).ToArray();
        var b = Enumerable.Range(0, 400).Select(_ => random.NextDouble() + 0.08).ToArray();

        var exact = KolmogorovSmirnov.TwoSample(a, b, KolmogorovSmirnovMethod.Exact);
        var asymptotic = KolmogorovSmirnov.TwoSample(a, b, KolmogorovSmirnovMethod.Asymptotic);

        Assert.Equal(exact.Statistic, asymptotic.Statistic);
        Assert.Equal(exact.PValue, asymptotic.PValue, 0.01);
    }

    [Fact]
    public void TwoSample_separatedSamples_haveTinyPValue()
    {
        double[] a = [1, 2, 3, 4, 5, 6, 7, 8];
        double[] b = [9, 10, 11, 12, 13, 14, 15, 16];

        var result = KolmogorovSmirnov.TwoSample(a, b);

        // Only 2 of the C(16, 8) = 12870 splits separate the groups completely.
        Assert.Equal(1.0, result.Statistic);
        Assert.Equal(2 / 12870.0, result.PValue, 1e-12);
    }

    [Fact]
    public void TwoSample_emptySample_throws()
    {
        Assert.Throws<ArgumentException>(() => KolmogorovSmirnov.TwoSample([1.0], []));
    }

    private static double[] Sample(Random random, int n) => Enumerable.Range(0, n).Select(_ => (double)random.Next(0, 6)).ToArray();

    private static IEnumerable<int> Combinations(int n, int k)
    {
        for (var mask = 0; mask < 1 << n; mask++)
        {
            if (int.PopCount(mask) == k)
            {
                yield return mask;
            }
        }
    }
}
