using Assay.Statistics.Distributions;

namespace Assay.Statistics.Drift;

/// <summary>The two-sample Kolmogorov–Smirnov test: D = sup |F_ref(x) − F_cur(x)|, ties handled.</summary>
/// <remarks>
/// With ties the empirical CDFs only change at distinct pooled values, so D is taken there, and the exact p-value
/// counts label permutations of the pooled sample evaluated at the same points (Schröer &amp; Trenkler 1995):
/// exact and not conservative under ties. The asymptotic p-value uses Q_KS((√nₑ + 0.12 + 0.11/√nₑ)·D) with
/// nₑ = nm/(n + m) (Stephens 1970), which is conservative when there are ties.
/// </remarks>
public static class KolmogorovSmirnov
{
    /// <summary>Largest n·m for which <see cref="KolmogorovSmirnovMethod.Auto"/> computes the exact p-value.</summary>
    public const long ExactLimit = 1_000_000;

    /// <summary>Runs the test; the inputs are copied, not reordered.</summary>
    public static TestResult TwoSample(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, KolmogorovSmirnovMethod method = KolmogorovSmirnovMethod.Auto)
    {
        var a = Copy(reference, nameof(reference));
        var b = Copy(current, nameof(current));
        SortBoth(a, b);
        return TwoSampleSorted(a, b, method);
    }

    /// <summary>The test on samples already sorted ascending.</summary>
    public static TestResult TwoSampleSorted(ReadOnlySpan<double> a, ReadOnlySpan<double> b, KolmogorovSmirnovMethod method = KolmogorovSmirnovMethod.Auto)
    {
        if (a.IsEmpty || b.IsEmpty)
        {
            throw new ArgumentException("Both samples need at least one value.");
        }

        var (scaled, ties) = ScaledStatistic(a, b);
        long n = a.Length, m = b.Length;
        var d = scaled / (double)(n * m);
        var exact = method == KolmogorovSmirnovMethod.Exact || (method == KolmogorovSmirnovMethod.Auto && n * m <= ExactLimit);
        if (exact)
        {
            return new TestResult("ks", d, ExactPValue(a, b, scaled), Note: ties ? "exact, conditional on ties" : "exact");
        }

        var en = Math.Sqrt(n * m / (double)(n + m));
        var p = KolmogorovDistribution.Survival((en + 0.12 + (0.11 / en)) * d);
        return new TestResult("ks", d, p, Note: ties ? "asymptotic; conservative with ties" : "asymptotic");
    }

    /// <summary>D·n·m as an integer (so the exact p-value compares integers) and whether the pooled sample has ties.</summary>
    internal static (long Scaled, bool Ties) ScaledStatistic(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        long n = a.Length, m = b.Length;
        int i = 0, j = 0;
        long best = 0;
        var ties = false;
        while (i < n || j < m)
        {
            var x = j >= m || (i < n && a[i] <= b[j]) ? a[i] : b[j];
            var start = i + j;
            while (i < n && a[i] == x)
            {
                i++;
            }

            while (j < m && b[j] == x)
            {
                j++;
            }

            ties |= i + j - start > 1;
            best = Math.Max(best, Math.Abs((i * m) - (j * n)));
        }

        return (best, ties);
    }

    /// <summary>
    /// P(D ≥ d) over all C(n+m, n) equally likely labelings of the pooled sample: the total probability of the
    /// lattice paths that first reach |i·m − j·n| ≥ d·n·m at a tie-block end.
    /// </summary>
    internal static double ExactPValue(ReadOnlySpan<double> a, ReadOnlySpan<double> b, long scaled)
    {
        if (scaled == 0)
        {
            return 1;
        }

        int n = a.Length, m = b.Length;
        var boundary = BlockEnds(a, b);
        var logFactorial = new double[n + m + 1];
        for (var k = 1; k <= n + m; k++)
        {
            logFactorial[k] = logFactorial[k - 1] + Math.Log(k);
        }

        var logTotal = logFactorial[n + m] - logFactorial[n] - logFactorial[m];
        var previous = new double[m + 1];
        var row = new double[m + 1];
        double scale = 0, p = 0;
        for (var i = 0; i <= n; i++)
        {
            for (var j = 0; j <= m; j++)
            {
                var value = i == 0 && j == 0 ? 1 : (i > 0 ? previous[j] : 0) + (j > 0 ? row[j - 1] : 0);
                if (value > 0 && boundary[i + j] && Math.Abs(((long)i * m) - ((long)j * n)) >= scaled)
                {
                    // Paths first crossing here, times every way of finishing, over all paths.
                    var remaining = logFactorial[n - i + m - j] - logFactorial[n - i] - logFactorial[m - j];
                    p += Math.Exp(Math.Log(value) + scale + remaining - logTotal);
                    value = 0;
                }

                row[j] = value;
            }

            // Rescale each row so that counts as large as C(n+m, n) never overflow.
            var max = 0.0;
            foreach (var v in row)
            {
                max = Math.Max(max, v);
            }

            if (max > 0)
            {
                for (var j = 0; j <= m; j++)
                {
                    row[j] /= max;
                }

                scale += Math.Log(max);
            }

            (previous, row) = (row, previous);
        }

        return Math.Clamp(p, 0, 1);
    }

    internal static double[] Sorted(ReadOnlySpan<double> values, string name)
    {
        var copy = Copy(values, name);
        DoubleRadixSort.Sort(copy);
        return copy;
    }

    /// <summary>Sorts two samples, side by side on two cores when they are large enough to be worth it.</summary>
    internal static void SortBoth(double[] a, double[] b)
    {
        if (a.Length + b.Length > 100_000)
        {
            Parallel.Invoke(() => DoubleRadixSort.Sort(a), () => DoubleRadixSort.Sort(b));
        }
        else
        {
            DoubleRadixSort.Sort(a);
            DoubleRadixSort.Sort(b);
        }
    }

    private static double[] Copy(ReadOnlySpan<double> values, string name)
    {
        var copy = values.ToArray();
        foreach (var v in copy)
        {
            if (!double.IsFinite(v))
            {
                throw new ArgumentException("Values must be finite numbers.", name);
            }
        }

        return copy;
    }

    private static bool[] BlockEnds(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var ends = new bool[a.Length + b.Length + 1];
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            var x = j >= b.Length || (i < a.Length && a[i] <= b[j]) ? a[i] : b[j];
            while (i < a.Length && a[i] == x)
            {
                i++;
            }

            while (j < b.Length && b[j] == x)
            {
                j++;
            }

            ends[i + j] = true;
        }

        return ends;
    }
}
