namespace Assay.Statistics.Drift;

/// <summary>Bins numeric samples for PSI and Jensen–Shannon: edges at the quantiles of the reference sample.</summary>
/// <remarks>
/// Edges are the reference's i/B quantiles (i = 1..B−1, lower order statistic); repeated edges, from ties, are
/// merged, so heavily tied data gets fewer bins. Bin b holds values in (e_{b−1}, e_b]; the outer bins are open.
/// </remarks>
internal static class Binning
{
    public static (long[] Reference, long[] Current) QuantileBins(double[] sortedReference, double[] sortedCurrent, int bins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 2);
        var edges = new List<double>(bins - 1);
        for (var i = 1; i < bins; i++)
        {
            var edge = sortedReference[(int)Math.Floor(i * (sortedReference.Length - 1) / (double)bins)];
            if (edges.Count == 0 || edge > edges[^1])
            {
                edges.Add(edge);
            }
        }

        return (Count(sortedReference, edges), Count(sortedCurrent, edges));
    }

    private static long[] Count(double[] sorted, List<double> edges)
    {
        var counts = new long[edges.Count + 1];
        var bin = 0;
        foreach (var value in sorted)
        {
            while (bin < edges.Count && value > edges[bin])
            {
                bin++;
            }

            counts[bin]++;
        }

        return counts;
    }
}
