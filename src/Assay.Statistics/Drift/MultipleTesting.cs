namespace Assay.Statistics.Drift;

/// <summary>Adjusted p-values for many simultaneous tests (one per feature or column).</summary>
/// <remarks>NaN p-values (tests that could not run) stay NaN and do not count towards the number of tests.</remarks>
public static class MultipleTesting
{
    /// <summary>Benjamini–Hochberg (1995) adjusted p-values, controlling the false discovery rate.</summary>
    public static double[] BenjaminiHochberg(IReadOnlyList<double> pValues)
    {
        var (order, result) = Prepare(pValues);
        var m = order.Length;
        var running = 1.0;
        for (var rank = m; rank >= 1; rank--)
        {
            var index = order[rank - 1];
            running = Math.Min(running, pValues[index] * m / rank);
            result[index] = Math.Min(1, running);
        }

        return result;
    }

    /// <summary>Holm (1979) step-down adjusted p-values, controlling the family-wise error rate.</summary>
    public static double[] Holm(IReadOnlyList<double> pValues)
    {
        var (order, result) = Prepare(pValues);
        var m = order.Length;
        var running = 0.0;
        for (var rank = 1; rank <= m; rank++)
        {
            var index = order[rank - 1];
            running = Math.Max(running, Math.Min(1, (m - rank + 1) * pValues[index]));
            result[index] = running;
        }

        return result;
    }

    private static (int[] Order, double[] Result) Prepare(IReadOnlyList<double> pValues)
    {
        var result = new double[pValues.Count];
        Array.Fill(result, double.NaN);
        var order = Enumerable.Range(0, pValues.Count).Where(i => !double.IsNaN(pValues[i])).ToArray();
        foreach (var i in order)
        {
            if (pValues[i] is < 0 or > 1)
            {
                throw new ArgumentOutOfRangeException(nameof(pValues), pValues[i], "p-values must lie in [0, 1].");
            }
        }

        Array.Sort(order, (x, y) => pValues[x].CompareTo(pValues[y]));
        return (order, result);
    }
}
