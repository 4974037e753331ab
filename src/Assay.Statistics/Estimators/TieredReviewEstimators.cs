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
    /// traffic. The interval combines the two proportion intervals, each at confidence 1 − α/2 (Bonferroni), at their
    /// extremes: conservative, and honest when the audit finds no miss (recall's lower bound stays below 1).
    /// </remarks>
    public static RecallEstimate Recall(
        IReadOnlyList<ReviewedItem> reviewedFlags,
        long flaggedCount,
        IReadOnlyList<ReviewedItem> auditSample,
        long unflaggedCount,
        double confidence = 0.95)
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
