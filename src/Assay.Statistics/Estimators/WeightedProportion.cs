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

        return Interval(items, p, variance / (weights * weights), confidence, what);
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

    private static Estimate Interval(IReadOnlyList<ReviewedItem> items, double p, double variance, double confidence, string what)
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
