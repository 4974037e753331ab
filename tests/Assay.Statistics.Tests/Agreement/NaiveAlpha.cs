using Assay.Statistics.Agreement;

namespace Assay.Statistics.Tests.Agreement;

/// <summary>
/// A deliberately naive alpha: α = 1 − D_o/D_e straight from the pairwise definition, looping over every pair of
/// values (Krippendorff 2011, section A), with no coincidence matrix and no algebraic shortcut.
/// </summary>
internal static class NaiveAlpha
{
    public static double Compute(double?[][] rows, MeasurementLevel level)
    {
        var units = rows.Select(r => r.Where(v => v.HasValue).Select(v => v!.Value).ToArray()).Where(r => r.Length >= 2).ToArray();
        var all = units.SelectMany(u => u).ToArray();
        var n = all.Length;
        double Delta(double a, double b)
        {
            switch (level)
            {
                case MeasurementLevel.Nominal:
                    return a == b ? 0 : 1;
                case MeasurementLevel.Interval:
                    return (a - b) * (a - b);
                case MeasurementLevel.Ratio:
                    return a + b == 0 ? 0 : Math.Pow((a - b) / (a + b), 2);
                default:
                    var low = Math.Min(a, b);
                    var high = Math.Max(a, b);
                    var between = all.Count(v => v >= low && v <= high);
                    var span = between - ((all.Count(v => v == a) + all.Count(v => v == b)) / 2.0);
                    return a == b ? 0 : span * span;
            }
        }

        var observed = 0.0;
        foreach (var unit in units)
        {
            for (var i = 0; i < unit.Length; i++)
            {
                for (var j = 0; j < unit.Length; j++)
                {
                    if (i != j)
                    {
                        observed += Delta(unit[i], unit[j]) / (unit.Length - 1);
                    }
                }
            }
        }

        var expected = 0.0;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                if (i != j)
                {
                    expected += Delta(all[i], all[j]);
                }
            }
        }

        return 1 - ((observed / n) / (expected / (n * (n - 1.0))));
    }
}
