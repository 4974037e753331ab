using Assay.Statistics.Intervals;

namespace Assay.Statistics.Estimators;

/// <summary>A proportion estimated from a sample drawn with unequal inclusion probabilities, with a score interval.</summary>
/// <remarks>
/// Weights are 1/π. The variance is the Poisson-sampling one, Σ (1 − π) w² r², with r = y − p̂ for the Hájek ratio and
/// r = y for Horvitz–Thompson with a known population. The interval is Wilson's at the effective sample size
/// n_eff = p̂(1 − p̂)/V (Korn &amp; Graubard 1998), capped at n; when p̂ is 0 or 1 the variance says nothing, so
/// Kish's n_eff = (Σw)²/Σw² is used and the interval still has a positive width: zero found is never "zero exists".
/// </remarks>
internal static class WeightedProportion
{
    public static Estimate Hajek(IReadOnlyList<ReviewedItem> items, double confidence, string what)
    {
        Validate(items, confidence);
        if (items.Count == 0)
        {
            return Estimate.Empty(0, 1, confidence, "wilson-effective-n", $"no reviewed items: nothing is known about {what}");
        }

        var (p, variance) = HajekMoments(items);
        return Interval(items, p, variance, confidence, what);
    }

    public static Estimate HorvitzThompson(IReadOnlyList<ReviewedItem> items, long populationSize, double confidence, string what)
    {
        Validate(items, confidence);
        ArgumentOutOfRangeException.ThrowIfLessThan(populationSize, 1);
        if (items.Count == 0)
        {
            return Estimate.Empty(0, 1, confidence, "wilson-effective-n", $"no reviewed items: nothing is known about {what}");
        }

        double total = 0, variance = 0;
        foreach (var item in items)
        {
            if (item.Positive)
            {
                var w = 1 / item.InclusionProbability;
                total += w;
                variance += (1 - item.InclusionProbability) * w * w;
            }
        }

        var p = Math.Min(1, total / populationSize);
        return Interval(items, p, variance / ((double)populationSize * populationSize), confidence, what);
    }

    /// <summary>
    /// The Hájek proportion and the sample size a simple random sample would need for the same precision about this
    /// period's traffic: p(1 − p)/V, not capped at n, so a large sampling fraction counts (V carries the factor
    /// 1 − π); when p is 0 or 1, Kish's size divided by 1 − π̄. (0, 0) for no items; very large for a census.
    /// </summary>
    public static (double P, double Effective) HajekEffectiveForPopulation(IReadOnlyList<ReviewedItem> items)
    {
        const double Census = 1e12;
        if (items.Count == 0)
            return (0, 0);
        var (p, variance) = HajekMoments(items);
        if (p > 0 && p < 1)
            return (p, variance > 0 ? Math.Min(Census, p * (1 - p) / variance) : Census);
        var unsampled = 1 - items.Average(i => i.InclusionProbability);
        return (p, unsampled > 0 ? Math.Min(Census, EffectiveSize(items, p, variance) / unsampled) : Census);
    }

    /// <summary>The Hájek ratio Σwy/Σw and its Poisson-sampling variance Σ (1 − π) w² (y − p̂)² / (Σw)².</summary>
    private static (double P, double Variance) HajekMoments(IReadOnlyList<ReviewedItem> items)
    {
        double weights = 0, positives = 0;
        foreach (var item in items)
        {
            weights += 1 / item.InclusionProbability;
            positives += item.Positive ? 1 / item.InclusionProbability : 0;
        }

        var p = positives / weights;
        var variance = 0.0;
        foreach (var item in items)
        {
            var w = 1 / item.InclusionProbability;
            var residual = (item.Positive ? 1 : 0) - p;
            variance += (1 - item.InclusionProbability) * w * w * residual * residual;
        }

        return (p, variance / (weights * weights));
    }

    private static Estimate Interval(IReadOnlyList<ReviewedItem> items, double p, double variance, double confidence, string what)
    {
        var n = items.Count;
        var effective = EffectiveSize(items, p, variance);
        var (low, high) = ProportionInterval.Wilson(p * effective, effective, confidence);
        string? warning = null;
        if (n < ProportionInterval.MinimumTrials)
        {
            warning = $"only {n} reviewed items: too few to say much about {what}";
        }
        else if (effective < ProportionInterval.MinimumTrials)
        {
            warning = $"unequal weights leave an effective sample of {effective:0.#}: too few to say much about {what}";
        }

        return new Estimate(p, Math.Min(low, p), Math.Max(high, p), confidence, n, "wilson-effective-n", warning);
    }

    /// <summary>Korn &amp; Graubard's p(1 − p)/V capped at n; Kish's (Σw)²/Σw² when p is 0 or 1 and the variance says nothing.</summary>
    private static double EffectiveSize(IReadOnlyList<ReviewedItem> items, double p, double variance)
    {
        var n = items.Count;
        double effective;
        if (p > 0 && p < 1)
        {
            effective = variance > 0 ? Math.Min(n, p * (1 - p) / variance) : n;
        }
        else
        {
            double sum = 0, squares = 0;
            foreach (var item in items)
            {
                var w = 1 / item.InclusionProbability;
                sum += w;
                squares += w * w;
            }

            effective = sum * sum / squares;
        }

        return effective;
    }

    private static void Validate(IReadOnlyList<ReviewedItem> items, double confidence)
    {
        if (!(confidence > 0 && confidence < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "Confidence must lie strictly between 0 and 1.");
        }

        foreach (var item in items)
        {
            if (!(item.InclusionProbability > 0 && item.InclusionProbability <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(items), item.InclusionProbability, "Inclusion probabilities must lie in (0, 1].");
            }
        }
    }
}
