using Assay.Statistics.Drift;
using FsCheck.Xunit;

namespace Assay.Statistics.Tests.Drift;

public sealed class MultipleTestingTests
{
    [Property(MaxTest = 200)]
    public void BenjaminiHochbergAndHolm_randomPValues_matchNaiveDefinitions(int seed)
    {
        var random = new Random(seed);
        var p = Enumerable.Range(0, random.Next(1, 30)).Select(_ => Math.Round(random.NextDouble() * random.NextDouble(), 3)).ToArray();
        var m = p.Length;
        var order = Enumerable.Range(0, m).OrderBy(i => p[i]).ToArray();
        var rank = new int[m];
        for (var r = 0; r < m; r++)
        {
            rank[order[r]] = r + 1;
        }

        var bh = MultipleTesting.BenjaminiHochberg(p);
        var holm = MultipleTesting.Holm(p);
        for (var i = 0; i < m; i++)
        {
            // BH: min over tests ranked at or after i of m·p/rank. Holm: max over tests ranked at or before i of (m − rank + 1)·p.
            var naiveBh = Enumerable.Range(0, m).Where(j => rank[j] >= rank[i]).Min(j => Math.Min(1, m * p[j] / rank[j]));
            var naiveHolm = Enumerable.Range(0, m).Where(j => rank[j] <= rank[i]).Max(j => Math.Min(1, (m - rank[j] + 1) * p[j]));
            Assert.Equal(naiveBh, bh[i], 1e-12);
            Assert.Equal(naiveHolm, holm[i], 1e-12);
        }
    }

    [Fact]
    public void BenjaminiHochberg_nanPValue_isKeptAndNotCounted()
    {
        var adjusted = MultipleTesting.BenjaminiHochberg([0.01, double.NaN, 0.04]);

        Assert.Equal(0.02, adjusted[0], 1e-12);
        Assert.True(double.IsNaN(adjusted[1]));
        Assert.Equal(0.04, adjusted[2], 1e-12);
    }
}
