using Assay.Statistics.Drift;

namespace Assay.Statistics.Tests.Drift;

public sealed class BinningTests
{
    [Fact]
    public void QuantileBins_valueOnAnEdge_fallsInTheBinBelow()
    {
        // Reference 1..100: decile edges at the lower order statistics 10, 20, …, 90, so bin b is (e_{b−1}, e_b].
        var reference = Enumerable.Range(1, 100).Select(i => (double)i).ToArray();
        double[] current = [0, 10, 10.5, 20, 90, 90.5, 100];

        var (r, c) = Binning.QuantileBins(reference, current, 10);

        Assert.Equal([10, 10, 10, 10, 10, 10, 10, 10, 10, 10], r);
        // 0 and the edge 10 in the first bin, 10.5 and the edge 20 in the second, the edge 90 in the ninth, above it the last.
        Assert.Equal([2, 2, 0, 0, 0, 0, 0, 0, 1, 2], c);
    }
}
