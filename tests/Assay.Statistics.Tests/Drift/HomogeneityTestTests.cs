using Assay.Statistics.Drift;
using FsCheck.Xunit;

namespace Assay.Statistics.Tests.Drift;

public sealed class HomogeneityTestTests
{
    [Fact]
    public void ChiSquare_handComputedTable_matches()
    {
        // Reference 30/50/20, current 45/35/20 (n = 100 each): expected 37.5/42.5/20 in both rows,
        // X² = 2(7.5²/37.5 + 7.5²/42.5 + 0) = 5.647059…; df = 2, so p = exp(−X²/2).
        var result = HomogeneityTest.ChiSquare([30, 50, 20], [45, 35, 20]);

        var expected = 2 * ((56.25 / 37.5) + (56.25 / 42.5));
        Assert.Equal(expected, result.Statistic, 1e-12);
        Assert.Equal(2, result.DegreesOfFreedom);
        Assert.Equal(Math.Exp(-expected / 2), result.PValue, 1e-12);
        Assert.Null(result.Note);
    }

    [Property(MaxTest = 200)]
    public void GTest_randomTables_matchesNaiveDefinition(int seed)
    {
        var random = new Random(seed);
        var k = random.Next(2, 6);
        var r = Enumerable.Range(0, k).Select(_ => (long)random.Next(20, 200)).ToArray();
        var c = Enumerable.Range(0, k).Select(_ => (long)random.Next(20, 200)).ToArray();
        double n1 = r.Sum(), n2 = c.Sum();
        var g = 0.0;
        for (var i = 0; i < k; i++)
        {
            var total = r[i] + c[i];
            g += 2 * ((r[i] * Math.Log(r[i] / (total * n1 / (n1 + n2)))) + (c[i] * Math.Log(c[i] / (total * n2 / (n1 + n2)))));
        }

        Assert.Equal(g, HomogeneityTest.GTest(r, c).Statistic, 1e-9);
    }

    [Fact]
    public void ChiSquare_rareCategories_arePooledAndNoted()
    {
        var result = HomogeneityTest.ChiSquare([500, 480, 1, 2, 0], [510, 470, 0, 1, 3]);

        Assert.Equal(1, result.DegreesOfFreedom);
        Assert.Contains("pooled", result.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void ChiSquare_singleCategory_isNoEvidence()
    {
        var result = HomogeneityTest.ChiSquare([10, 0], [7, 0]);

        Assert.Equal(1, result.PValue);
    }

    [Fact]
    public void FromValues_twoSamples_alignsCategories()
    {
        var table = ContingencyTable.FromValues(["a", "b", "a"], ["c", "a"]);

        Assert.Equal(["a", "b", "c"], table.Categories);
        Assert.Equal([2L, 1, 0], table.Reference);
        Assert.Equal([1L, 0, 1], table.Current);
    }
}
