using Assay.Statistics.Resampling;

namespace Assay.Statistics.Agreement;

/// <summary>How far apart two sets of labels are, from 0 (the same set) to 1 (nothing in common).</summary>
public enum SetDistance
{
    /// <summary>0 for the same set, 1 otherwise: each distinct answer is a class of its own (multi-class nominal alpha).</summary>
    Nominal,

    /// <summary>1 − |A ∩ B| / |A ∪ B|.</summary>
    Jaccard,

    /// <summary>
    /// Measuring Agreement on Set-valued Items (Passonneau 2006): 1 − J·M, with J the Jaccard similarity and M a
    /// monotonicity weight of 1 for equal sets, 2/3 when one contains the other, 1/3 when they overlap otherwise, and 0
    /// when disjoint. It counts "one reviewer saw more" as closer than "they saw different things".
    /// </summary>
    Masi,
}

/// <summary>
/// Krippendorff's alpha on set-valued labels: each reviewer gives a set of categories, and two answers disagree by a
/// set distance rather than all-or-nothing, so {toxicity} against {toxicity, harassment} counts as partial agreement.
/// </summary>
/// <remarks>
/// The general form of alpha for any distance δ (Krippendorff 2011, with MASI as in Passonneau 2006):
/// α = 1 − D_o / D_e, where over the n pairable values (units answered at least twice)
/// D_o = (1/n) Σ_u 1/(m_u − 1) Σ_{i≠j in u} δ(v_i, v_j) and D_e = 1/(n(n − 1)) Σ_{i≠j} δ(v_i, v_j). Values are
/// grouped by distinct set, so the cost is in the number of distinct sets, not of pairs. The empty set (no failure) is a
/// value like any other. With singleton sets both distances are the nominal one, and alpha is nominal alpha.
/// </remarks>
public static class SetAlpha
{
    /// <summary>The distance between two label sets.</summary>
    public static double Distance(SetDistance kind, IReadOnlyCollection<string> a, IReadOnlyCollection<string> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var common = a.Count(b.Contains);
        var union = a.Count + b.Count - common;
        if (union == 0)
            return 0; // both empty: the same answer
        if (kind == SetDistance.Nominal)
            return common == union ? 0 : 1;
        var jaccard = (double)common / union;
        if (kind == SetDistance.Jaccard)
            return 1 - jaccard;
        var monotonicity = common == a.Count && common == b.Count ? 1.0
            : common == a.Count || common == b.Count ? 2.0 / 3
            : common > 0 ? 1.0 / 3
            : 0.0;
        return 1 - (jaccard * monotonicity);
    }

    /// <summary>The point estimate; NaN when undefined (no unit answered twice, or every answer the same set).</summary>
    public static double Point(IEnumerable<MultiLabelRating> ratings, SetDistance distance)
    {
        var (values, units) = Index(ratings);
        var builder = UnitContributionsBuilder.TotalsOnly(values.Count + 1);
        var deltas = Deltas(values, distance);
        Accumulate(units, deltas, builder);
        return FromTotals(builder.Totals(), deltas);
    }

    /// <summary>Alpha with a bootstrap-over-units percentile interval (seeded: the same ratings give the same interval).</summary>
    public static Estimate Compute(IEnumerable<MultiLabelRating> ratings, SetDistance distance, BootstrapOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (values, units) = Index(ratings);
        var deltas = Deltas(values, distance);
        var builder = new UnitContributionsBuilder(values.Count + 1, units.Count * 3);
        Accumulate(units, deltas, builder);
        return AgreementEstimate.Bootstrap(
            builder.Build(),
            totals => FromTotals(totals, deltas),
            units.Count(u => u.Count >= 2),
            options ?? BootstrapOptions.Default,
            cancellationToken);
    }

    /// <summary>Each distinct answer (a set, as its sorted members) and each unit's answers as indices of those.</summary>
    private static (List<string[]> Values, List<List<int>> Units) Index(IEnumerable<MultiLabelRating> ratings)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        var values = new List<string[]>();
        var valueIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var units = new List<List<int>>();
        var unitIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var rating in ratings)
        {
            var members = rating.Categories.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            // The members joined by a character no category name holds: one key per distinct set.
            var key = string.Join('\u001f', members);
            if (!valueIndex.TryGetValue(key, out var value))
            {
                value = values.Count;
                valueIndex[key] = value;
                values.Add(members);
            }

            if (!unitIndex.TryGetValue(rating.Unit, out var unit))
            {
                unit = units.Count;
                unitIndex[rating.Unit] = unit;
                units.Add([]);
            }

            units[unit].Add(value);
        }

        return (values, units);
    }

    private static double[,] Deltas(List<string[]> values, SetDistance distance)
    {
        var deltas = new double[values.Count, values.Count];
        for (var s = 0; s < values.Count; s++)
        {
            for (var t = s + 1; t < values.Count; t++)
                deltas[s, t] = deltas[t, s] = Distance(distance, values[s], values[t]);
        }

        return deltas;
    }

    /// <summary>Per unit answered twice or more: how many answers gave each set (the margins), and, last, its observed disagreement.</summary>
    private static void Accumulate(List<List<int>> units, double[,] deltas, UnitContributionsBuilder builder)
    {
        var observedSlot = deltas.GetLength(0);
        var counts = new Dictionary<int, int>();
        foreach (var answers in units)
        {
            if (answers.Count >= 2)
            {
                counts.Clear();
                foreach (var value in answers)
                    counts[value] = counts.GetValueOrDefault(value) + 1;
                var disagreement = 0.0;
                foreach (var (s, ns) in counts)
                {
                    builder.Add(s, ns);
                    foreach (var (t, nt) in counts)
                        disagreement += ns * nt * deltas[s, t];
                }

                builder.Add(observedSlot, disagreement / (answers.Count - 1));
            }

            builder.EndUnit();
        }
    }

    private static double FromTotals(ReadOnlySpan<double> totals, double[,] deltas)
    {
        var k = deltas.GetLength(0);
        double n = 0;
        for (var s = 0; s < k; s++)
            n += totals[s];
        if (n < 2)
            return double.NaN;
        var expected = 0.0;
        for (var s = 0; s < k; s++)
        {
            for (var t = 0; t < k; t++)
                expected += totals[s] * totals[t] * deltas[s, t];
        }

        if (expected == 0)
            return double.NaN;
        // α = 1 − D_o / D_e = 1 − (observed / n) / (expected / (n (n − 1))).
        return 1 - ((n - 1) * totals[k] / expected);
    }
}
