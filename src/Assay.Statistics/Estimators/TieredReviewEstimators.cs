using Assay.Statistics.Intervals;

namespace Assay.Statistics.Estimators;

/// <summary>Estimators for the tiered review design: precision, misses, recall, prevalence and predictive values.</summary>
/// <remarks>
/// Every estimate weights a reviewed item by 1/π, π its stored inclusion probability, so oversampled tiers do not
/// bias the result; intervals come from <see cref="WeightedProportion"/> and carry a warning when the sample is too small.
/// </remarks>
public static class TieredReviewEstimators
{
    /// <summary>Precision of a rule or detector: the share of its flags that reviewers confirmed (Hájek estimator).</summary>
    public static Estimate Precision(IReadOnlyList<ReviewedItem> reviewedFlags, double confidence = 0.95) =>
        WeightedProportion.Hajek(reviewedFlags, confidence, "precision");

    /// <summary>Share of unflagged traffic that has the failure, from the random audit sample (Hájek estimator).</summary>
    public static Estimate UnflaggedFailureRate(IReadOnlyList<ReviewedItem> auditSample, double confidence = 0.95) =>
        WeightedProportion.Hajek(auditSample, confidence, "the failure rate of unflagged traffic");

    /// <summary>Prevalence across all traffic: Horvitz–Thompson over every reviewed item, of any tier.</summary>
    /// <param name="reviewed">All reviewed items with their inclusion probabilities.</param>
    /// <param name="populationSize">Number of interactions in the period; when null the Hájek ratio Σwy/Σw is used.</param>
    /// <param name="confidence">Interval confidence level.</param>
    public static Estimate Prevalence(IReadOnlyList<ReviewedItem> reviewed, long? populationSize = null, double confidence = 0.95) =>
        populationSize is { } n
            ? WeightedProportion.HorvitzThompson(reviewed, n, confidence, "prevalence")
            : WeightedProportion.Hajek(reviewed, confidence, "prevalence");

    /// <summary>Recall and false-negative rate of the flagging as a whole.</summary>
    /// <remarks>
    /// Recall = N_F·p̂_F / (N_F·p̂_F + N_U·p̂_U), p̂_F the confirmed share of flags and p̂_U the failure rate of unflagged
    /// traffic. Two intervals (<see cref="RecallInterval"/>): by default the percentiles of recall over draws from each
    /// stratum's Jeffreys posterior (<see cref="RecallInterval.Posterior"/>), which covered near the nominal level in
    /// the coverage study of docs/STATISTICS.md; the Bonferroni combination at the extremes of the two proportion
    /// intervals is always computed too, as <see cref="RecallEstimate.Conservative"/>. Both stay below 1 when the
    /// audit finds no miss: zero found is never "zero missed".
    /// </remarks>
    /// <param name="seed">Seed of the posterior draws: the same samples and seed give the same interval.</param>
    public static RecallEstimate Recall(
        IReadOnlyList<ReviewedItem> reviewedFlags,
        long flaggedCount,
        IReadOnlyList<ReviewedItem> auditSample,
        long unflaggedCount,
        double confidence = 0.95,
        RecallInterval interval = RecallInterval.Posterior,
        ulong seed = 0)
    {
        var conservative = ConservativeRecall(reviewedFlags, flaggedCount, auditSample, unflaggedCount, confidence);
        if (interval == RecallInterval.Conservative)
            return conservative with { Conservative = conservative.Recall };
        var recall = PosteriorRecall(reviewedFlags, flaggedCount, auditSample, unflaggedCount, confidence, seed, conservative.Recall);
        var fnr = new Estimate(1 - recall.Value, 1 - recall.High, 1 - recall.Low, confidence, recall.SampleSize, recall.Method, recall.Warning);
        return conservative with { Recall = recall, FalseNegativeRate = fnr, Conservative = conservative.Recall };
    }

    /// <summary>Draws from each stratum's posterior that the recall interval is read from.</summary>
    public const int PosteriorDraws = 4_000;

    /// <summary>
    /// Each stratum's failure share gets a Beta(x + ½, n − x + ½) posterior (Jeffreys prior) at its effective sample size
    /// for this period's traffic (unequal weights count for less, a large sampling fraction for more: the question is
    /// the recall of the traffic that was, not of a process behind it); recall is computed on each of
    /// <see cref="PosteriorDraws"/> paired draws and the interval is their central percentiles. The point estimate stays
    /// the plug-in ratio.
    /// </summary>
    private static Estimate PosteriorRecall(
        IReadOnlyList<ReviewedItem> reviewedFlags, long flaggedCount, IReadOnlyList<ReviewedItem> auditSample, long unflaggedCount,
        double confidence, ulong seed, Estimate plugIn)
    {
        var (pFlagged, nFlagged) = WeightedProportion.HajekEffectiveForPopulation(reviewedFlags);
        var (pUnflagged, nUnflagged) = WeightedProportion.HajekEffectiveForPopulation(auditSample);
        var random = new Resampling.SplitMix64(seed);
        var draws = new double[PosteriorDraws];
        for (var i = 0; i < draws.Length; i++)
        {
            var caught = flaggedCount * Distributions.RandomVariates.Beta(ref random, (pFlagged * nFlagged) + 0.5, ((1 - pFlagged) * nFlagged) + 0.5);
            var missed = unflaggedCount * Distributions.RandomVariates.Beta(ref random, (pUnflagged * nUnflagged) + 0.5, ((1 - pUnflagged) * nUnflagged) + 0.5);
            draws[i] = caught + missed > 0 ? caught / (caught + missed) : 0;
        }

        Array.Sort(draws);
        var tail = (1 - confidence) / 2;
        var low = draws[(int)Math.Floor(tail * (draws.Length - 1))];
        var high = draws[(int)Math.Ceiling((1 - tail) * (draws.Length - 1))];
        var value = plugIn.Value;
        return plugIn with
        {
            Low = double.IsNaN(value) ? low : Math.Min(low, value),
            High = double.IsNaN(value) ? high : Math.Max(high, value),
            Method = "beta-posterior",
        };
    }

    private static RecallEstimate ConservativeRecall(
        IReadOnlyList<ReviewedItem> reviewedFlags,
        long flaggedCount,
        IReadOnlyList<ReviewedItem> auditSample,
        long unflaggedCount,
        double confidence)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(flaggedCount);
        ArgumentOutOfRangeException.ThrowIfNegative(unflaggedCount);
        var half = 1 - ((1 - confidence) / 2);
        var flagged = WeightedProportion.Hajek(reviewedFlags, half, "precision");
        var unflagged = WeightedProportion.Hajek(auditSample, half, "the failure rate of unflagged traffic");
        var n = reviewedFlags.Count + auditSample.Count;

        double Ratio(double caught, double missed) => caught + missed > 0 ? caught / (caught + missed) : double.NaN;
        var caught = flaggedCount * (reviewedFlags.Count > 0 ? flagged.Value : 0);
        var missed = unflaggedCount * (auditSample.Count > 0 ? unflagged.Value : 0);
        var value = Ratio(caught, missed);
        var low = Ratio(flaggedCount * flagged.Low, unflaggedCount * unflagged.High);
        var high = Ratio(flaggedCount * flagged.High, unflaggedCount * unflagged.Low);
        low = double.IsNaN(low) ? 0 : low;
        high = double.IsNaN(high) ? 1 : high;

        var warning = flagged.Warning ?? unflagged.Warning;
        if (double.IsNaN(value))
        {
            warning ??= "no failure was found in either sample: recall is undefined";
        }

        var recall = new Estimate(value, Math.Min(low, Fallback(value, low)), Math.Max(high, Fallback(value, high)), confidence, n, "bonferroni-wilson", warning);
        var fnr = new Estimate(1 - value, 1 - recall.High, 1 - recall.Low, confidence, n, "bonferroni-wilson", warning);
        return new RecallEstimate(recall, fnr, caught, missed);
    }

    /// <summary>PPV and NPV at a base rate, from a labelled sample's confusion counts.</summary>
    /// <remarks>
    /// PPV = se·π / (se·π + (1 − sp)(1 − π)) and NPV = sp(1 − π) / (sp(1 − π) + (1 − se)π) both increase with
    /// sensitivity and specificity, so their bounds come from the Wilson bounds of se and sp, each at 1 − α/2.
    /// </remarks>
    public static PredictiveValueEstimate PredictiveValues(
        int truePositives,
        int falseNegatives,
        int trueNegatives,
        int falsePositives,
        double baseRate,
        double confidence = 0.95)
    {
        if (!(baseRate >= 0 && baseRate <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(baseRate), baseRate, "The base rate must lie in [0, 1].");
        }

        var half = 1 - ((1 - confidence) / 2);
        var se = ProportionInterval.Compute(truePositives, truePositives + falseNegatives, IntervalMethod.Wilson, half);
        var sp = ProportionInterval.Compute(trueNegatives, trueNegatives + falsePositives, IntervalMethod.Wilson, half);
        var warning = se.Warning ?? sp.Warning;
        var n = truePositives + falseNegatives + trueNegatives + falsePositives;

        double Ppv(double s, double c) => s * baseRate / ((s * baseRate) + ((1 - c) * (1 - baseRate)));
        double Npv(double s, double c) => c * (1 - baseRate) / ((c * (1 - baseRate)) + ((1 - s) * baseRate));

        var ppv = new Estimate(Ppv(se.Value, sp.Value), Ppv(se.Low, sp.Low), Ppv(se.High, sp.High), confidence, n, "bonferroni-wilson", warning);
        var npv = new Estimate(Npv(se.Value, sp.Value), Npv(se.Low, sp.Low), Npv(se.High, sp.High), confidence, n, "bonferroni-wilson", warning);
        return new PredictiveValueEstimate(ppv, npv, baseRate);
    }

    private static double Fallback(double value, double bound) => double.IsNaN(value) ? bound : value;
}
