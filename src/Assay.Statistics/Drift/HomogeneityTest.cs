using Assay.Statistics.Distributions;

namespace Assay.Statistics.Drift;

/// <summary>Tests of homogeneity of a 2 × K table (reference vs current): Pearson's chi-square and the G-test.</summary>
/// <remarks>
/// Small expected counts: categories are sorted by their total count and the rarest are pooled together, one at a
/// time, until every pooled category has an expected count of at least 5 in both samples (Cochran 1954) or only two
/// remain. Categories absent from both samples are ignored. The result's note says how many were pooled.
/// </remarks>
public static class HomogeneityTest
{
    /// <summary>Smallest expected count accepted before rare categories are pooled.</summary>
    public const double MinimumExpected = 5;

    /// <summary>Pearson's X² = Σ (O − E)²/E on (K − 1) degrees of freedom.</summary>
    public static TestResult ChiSquare(IReadOnlyList<long> reference, IReadOnlyList<long> current) =>
        Run("chi-square", reference, current, static (o, e) => (o - e) * (o - e) / e);

    /// <summary>The likelihood-ratio G = 2 Σ O ln(O/E) on (K − 1) degrees of freedom.</summary>
    public static TestResult GTest(IReadOnlyList<long> reference, IReadOnlyList<long> current) =>
        Run("g-test", reference, current, static (o, e) => o > 0 ? 2 * o * Math.Log(o / e) : 0);

    private static TestResult Run(string name, IReadOnlyList<long> reference, IReadOnlyList<long> current, Func<double, double, double> cell)
    {
        if (reference.Count != current.Count)
        {
            throw new ArgumentException("Both samples must be counted over the same categories.", nameof(current));
        }

        var (groups, pooled) = Pool(reference, current);
        double n1 = groups.Sum(g => g.Reference), n2 = groups.Sum(g => g.Current);
        if (n1 == 0 || n2 == 0)
        {
            throw new ArgumentException("Both samples need at least one value.");
        }

        if (groups.Count < 2)
        {
            return new TestResult(name, 0, 1, 0, "a single category: nothing can differ");
        }

        var statistic = 0.0;
        var total = n1 + n2;
        var smallest = double.MaxValue;
        foreach (var (r, c) in groups)
        {
            var e1 = (r + c) * n1 / total;
            var e2 = (r + c) * n2 / total;
            smallest = Math.Min(smallest, Math.Min(e1, e2));
            statistic += cell(r, e1) + cell(c, e2);
        }

        var df = groups.Count - 1;
        var notes = new List<string>();
        if (pooled > 0)
        {
            notes.Add($"rare categories pooled ({groups.Count + pooled} into {groups.Count}) so that expected counts reach {MinimumExpected}");
        }

        if (smallest < MinimumExpected)
        {
            notes.Add($"smallest expected count {smallest:0.##} < {MinimumExpected}: p-value approximate");
        }

        return new TestResult(name, statistic, ChiSquareDistribution.Survival(statistic, df), df, notes.Count > 0 ? string.Join("; ", notes) : null);
    }

    private static (List<(double Reference, double Current)> Groups, int Pooled) Pool(IReadOnlyList<long> reference, IReadOnlyList<long> current)
    {
        var groups = new List<(double Reference, double Current)>();
        for (var i = 0; i < reference.Count; i++)
        {
            if (reference[i] < 0 || current[i] < 0)
            {
                throw new ArgumentException("Counts cannot be negative.");
            }

            if (reference[i] + current[i] > 0)
            {
                groups.Add((reference[i], current[i]));
            }
        }

        double n1 = groups.Sum(g => g.Reference), n2 = groups.Sum(g => g.Current), total = n1 + n2;
        groups.Sort((x, y) => (x.Reference + x.Current).CompareTo(y.Reference + y.Current));
        var pooled = 0;
        while (groups.Count > 2 && Math.Min(n1, n2) * (groups[0].Reference + groups[0].Current) / total < MinimumExpected)
        {
            var merged = (groups[0].Reference + groups[1].Reference, groups[0].Current + groups[1].Current);
            groups.RemoveAt(0);
            groups[0] = merged;
            groups.Sort((x, y) => (x.Reference + x.Current).CompareTo(y.Reference + y.Current));
            pooled++;
        }

        return (groups, pooled);
    }
}
