namespace Assay.Statistics.Drift;

/// <summary>Distances between a reference and a current distribution: PSI, Jensen–Shannon and Wasserstein-1.</summary>
public static class DistributionDistance
{
    /// <summary>Pseudo-count added to every bin by <see cref="PopulationStabilityIndex(IReadOnlyList{long}, IReadOnlyList{long})"/>.</summary>
    public const double PsiPseudoCount = 0.5;

    /// <summary>Default number of quantile bins for numeric samples.</summary>
    public const int DefaultBins = 10;

    /// <summary>PSI = Σ (q_b − p_b) ln(q_b/p_b) over bins, p the reference and q the current shares.</summary>
    /// <remarks>An empty bin would make PSI infinite, so ½ is added to every bin's count in both samples first.</remarks>
    public static double PopulationStabilityIndex(IReadOnlyList<long> reference, IReadOnlyList<long> current)
    {
        var (n1, n2) = Totals(reference, current);
        var bins = reference.Count;
        var psi = 0.0;
        for (var b = 0; b < bins; b++)
        {
            var p = (reference[b] + PsiPseudoCount) / (n1 + (PsiPseudoCount * bins));
            var q = (current[b] + PsiPseudoCount) / (n2 + (PsiPseudoCount * bins));
            psi += (q - p) * Math.Log(q / p);
        }

        return psi;
    }

    /// <summary>PSI of numeric samples over <paramref name="bins"/> reference-quantile bins.</summary>
    public static double PopulationStabilityIndex(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, int bins = DefaultBins)
    {
        var (r, c) = Bin(reference, current, bins);
        return PopulationStabilityIndex(r, c);
    }

    /// <summary>Jensen–Shannon distance √JSD with base-2 logarithms, so it lies in [0, 1]; empty bins need no smoothing.</summary>
    public static double JensenShannon(IReadOnlyList<long> reference, IReadOnlyList<long> current)
    {
        var (n1, n2) = Totals(reference, current);
        var divergence = 0.0;
        for (var b = 0; b < reference.Count; b++)
        {
            var p = reference[b] / n1;
            var q = current[b] / n2;
            var mid = (p + q) / 2;
            divergence += (p > 0 ? 0.5 * p * Math.Log2(p / mid) : 0) + (q > 0 ? 0.5 * q * Math.Log2(q / mid) : 0);
        }

        return Math.Sqrt(Math.Max(0, divergence));
    }

    /// <summary>Jensen–Shannon distance of numeric samples over <paramref name="bins"/> reference-quantile bins.</summary>
    public static double JensenShannon(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, int bins = DefaultBins)
    {
        var (r, c) = Bin(reference, current, bins);
        return JensenShannon(r, c);
    }

    /// <summary>Wasserstein-1 (earth mover's) distance ∫ |F_ref(x) − F_cur(x)| dx, in the units of the data.</summary>
    public static double Wasserstein(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        var a = KolmogorovSmirnov.Sorted(reference, nameof(reference));
        var b = KolmogorovSmirnov.Sorted(current, nameof(current));
        return WassersteinSorted(a, b);
    }

    internal static double WassersteinSorted(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.IsEmpty || b.IsEmpty)
        {
            throw new ArgumentException("Both samples need at least one value.");
        }

        int i = 0, j = 0;
        var distance = 0.0;
        var x = Math.Min(a[0], b[0]);
        while (i < a.Length || j < b.Length)
        {
            while (i < a.Length && a[i] == x)
            {
                i++;
            }

            while (j < b.Length && b[j] == x)
            {
                j++;
            }

            if (i == a.Length && j == b.Length)
            {
                break;
            }

            var next = j >= b.Length || (i < a.Length && a[i] <= b[j]) ? a[i] : b[j];
            distance += Math.Abs((i / (double)a.Length) - (j / (double)b.Length)) * (next - x);
            x = next;
        }

        return distance;
    }

    internal static (long[] Reference, long[] Current) Bin(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, int bins)
    {
        var a = KolmogorovSmirnov.Sorted(reference, nameof(reference));
        var b = KolmogorovSmirnov.Sorted(current, nameof(current));
        if (a.Length == 0 || b.Length == 0)
        {
            throw new ArgumentException("Both samples need at least one value.");
        }

        return Binning.QuantileBins(a, b, bins);
    }

    private static (double, double) Totals(IReadOnlyList<long> reference, IReadOnlyList<long> current)
    {
        if (reference.Count != current.Count || reference.Count == 0)
        {
            throw new ArgumentException("Both samples must be counted over the same, non-empty set of bins.", nameof(current));
        }

        double n1 = reference.Sum(), n2 = current.Sum();
        if (n1 == 0 || n2 == 0)
        {
            throw new ArgumentException("Both samples need at least one value.");
        }

        return (n1, n2);
    }
}
