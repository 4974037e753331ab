using System.Globalization;
using Assay.Judging;
using Assay.Statistics;
using Assay.Statistics.Agreement;
using Assay.Statistics.Intervals;

namespace Assay.Assurance;

/// <summary>One item both a judge and the humans decided: the judge's outcome and whether the humans found the failure.</summary>
/// <param name="Id">The item (interaction id), for tracing a figure back to its items.</param>
/// <param name="Judge">The judge's verdict; malformed verdicts are counted but decide nothing.</param>
/// <param name="HumanFails">The human decision for the judge's category: adjudicated where there is one, else the reviewers' consensus.</param>
public readonly record struct JudgedItem(string Id, JudgeOutcome Judge, bool HumanFails);

/// <summary>How far one judge can be trusted on one category: its agreement with humans, and its precision and recall against them.</summary>
/// <remarks>
/// The judge is treated as one more rater beside the human decision: Krippendorff's α (nominal) and Gwet's AC1 with
/// bootstrap-over-items intervals, Cohen's κ with its large-sample interval, all on the items both decided. Precision is
/// P(humans fail | judge fails) and recall P(judge fails | humans fail), each with a Wilson interval. A judge whose α is
/// below the policy's agreement threshold, on enough items, is unreliable: its flags still route items to review, but do
/// not count as detections.
/// </remarks>
/// <param name="Judge">The judge rule's id.</param>
/// <param name="Category">The category the judge decides.</param>
/// <param name="Items">Items with a well-formed verdict and a human decision.</param>
/// <param name="Malformed">Items whose verdict was malformed, left out of every figure.</param>
public sealed record JudgeCalibration(
    string Judge,
    string Category,
    int Items,
    int Malformed,
    Estimate Alpha,
    Estimate Ac1,
    Estimate Kappa,
    Estimate Precision,
    Estimate Recall,
    Reliability Reliability)
{
    public bool Reliable => Reliability.IsReliable;

    /// <summary>True when the judge's agreement is below the threshold on enough items: its flags are not counted as detections.</summary>
    public bool Unreliable => Reliability.Status == ReliabilityStatus.Unreliable;

    /// <summary>Calibrates <paramref name="judge"/> on <paramref name="items"/> against <paramref name="threshold"/> (the policy's agreement threshold).</summary>
    public static JudgeCalibration Compute(string judge, string category, IReadOnlyList<JudgedItem> items, double threshold, AssuranceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        options ??= AssuranceOptions.Default;
        var decided = items.Where(i => i.Judge != JudgeOutcome.Malformed).ToList();
        if (decided.Count == 0)
        {
            // The usual state of a new judge: nothing co-rated yet. Every figure is undefined, not an error.
            var none = Estimate.Empty(0, 1, options.Confidence, "none", "no item was both judged and decided by humans");
            return new JudgeCalibration(judge, category, 0, items.Count, none, none, none, none, none,
                Mark(none, 0, threshold, options.MinimumAgreementItems));
        }

        var rows = decided.Select(i => (IReadOnlyList<double?>)[i.Judge == JudgeOutcome.Fail ? 1 : 0, i.HumanFails ? 1 : 0]).ToList();
        var ratings = RatingMatrix.FromRows(rows);
        var alpha = KrippendorffAlpha.Compute(ratings, MeasurementLevel.Nominal, options.Bootstrap);
        var ac1 = GwetAc1.Compute(ratings, options.Bootstrap);
        var kappa = CohenKappa.Compute(ratings, KappaWeighting.None, options.Confidence);
        var judgeFails = decided.Count(i => i.Judge == JudgeOutcome.Fail);
        var humansFail = decided.Count(i => i.HumanFails);
        var both = decided.Count(i => i.Judge == JudgeOutcome.Fail && i.HumanFails);
        var precision = ProportionInterval.Compute(both, judgeFails, IntervalMethod.Wilson, options.Confidence);
        var recall = ProportionInterval.Compute(both, humansFail, IntervalMethod.Wilson, options.Confidence);
        return new JudgeCalibration(judge, category, decided.Count, items.Count - decided.Count, alpha, ac1, kappa, precision, recall,
            Mark(alpha, decided.Count, threshold, options.MinimumAgreementItems));
    }

    private static Reliability Mark(Estimate alpha, int items, double threshold, int minimumItems)
    {
        if (items < minimumItems)
        {
            return new(ReliabilityStatus.InsufficientData,
                $"insufficient data: only {items} items were both judged and decided by humans; at least {minimumItems} are needed to calibrate a judge");
        }

        if (double.IsNaN(alpha.Value))
            return new(ReliabilityStatus.InsufficientData, $"insufficient data: {alpha.Warning ?? "agreement is undefined"}");
        var text = string.Create(CultureInfo.InvariantCulture, $"judge–human alpha {alpha.Value:0.###} on {items} items");
        return alpha.Value >= threshold
            ? new(ReliabilityStatus.Reliable, string.Create(CultureInfo.InvariantCulture, $"{text} is at or above the threshold {threshold:0.###}"))
            : new(ReliabilityStatus.Unreliable, string.Create(CultureInfo.InvariantCulture, $"unreliable: {text} is below the threshold {threshold:0.###}; its flags route to review but are not counted as detections"));
    }
}
