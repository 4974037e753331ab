using System.Globalization;
using System.Text;
using Assay.Assurance;
using Assay.Review;
using Assay.Statistics;

namespace Assay.Reporting;

/// <summary>Builds the review charts from reviewed items: how much of the review work is done, and how well reviewers agree.</summary>
/// <remarks>
/// Items are placed by their interaction's time. Labels are sparse, so callers give these charts coarser buckets than the
/// traffic charts. Pure and thread-safe; the agreement bootstrap is seeded, so the same items draw the same chart.
/// </remarks>
public static class ReviewCharts
{
    public const string CoverageId = "review-coverage";
    public const string AgreementId = "agreement";

    /// <summary>Share of the review tasks in each bucket that have all the labels the policy asks for (or a decision), and that have any label.</summary>
    /// <remarks>
    /// A census of the bucket's tasks, not a sample, so it has no interval. "All labels" counts a task once it has the
    /// labels its own task asks for (a calibration task asks for more), or <see cref="ReviewPolicy.LabelsPerTask"/> when
    /// the item does not say.
    /// </remarks>
    public static TimeSeriesChart Coverage(IReadOnlyList<ReviewedItem> items, TimeBuckets buckets, ReviewPolicy policy) =>
        Coverage(ReviewSummary.From(items, buckets, policy));

    /// <inheritdoc cref="Coverage(IReadOnlyList{ReviewedItem}, TimeBuckets, ReviewPolicy)"/>
    public static TimeSeriesChart Coverage(ReviewSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var (buckets, tasks, required) = (summary.Buckets, summary.Tasks, summary.LabelsPerTask);
        ChartSeries Series(string name, IReadOnlyList<int> done) => new(name, [.. Enumerable.Range(0, buckets.Count).Select(i => tasks[i] == 0
            ? ChartPoint.Gap(buckets.MiddleOf(i))
            : new ChartPoint(buckets.MiddleOf(i), (double)done[i] / tasks[i], Note: $"{done[i]} of {tasks[i]} tasks"))]);
        var series = new[] { Series("all labels asked for, or decided", summary.Complete), Series("at least one label", summary.Started) };
        return new TimeSeriesChart(CoverageId, "Review coverage",
            $"Of the interactions routed to review in each {buckets.WidthText} bucket, the share with all the labels its task asks for ({required}, more for calibration tasks) or a lead's decision, and the share with at least one. Every task is counted, so there is no interval.",
            "share of review tasks", buckets.From, buckets.To, series)
        { YMin = 0, YMax = 1, EmptyText = "No interaction in this range was routed to review" };
    }

    /// <summary>Krippendorff's alpha (nominal) on "any failure" against "no failure" per bucket, with its bootstrap 95% interval.</summary>
    /// <remarks>A bucket with fewer than <see cref="AssuranceOptions.MinimumAgreementItems"/> items with two labels is a gap marked "insufficient".</remarks>
    /// <param name="memo">Bucket alphas already bootstrapped from the same ratings, reused; null bootstraps every bucket.</param>
    public static TimeSeriesChart Agreement(IReadOnlyList<ReviewedItem> items, TimeBuckets buckets, ReviewPolicy policy, AssuranceOptions? options = null, ChartMemo? memo = null) =>
        Agreement(ReviewSummary.From(items, buckets, policy), policy, options, memo);

    /// <inheritdoc cref="Agreement(IReadOnlyList{ReviewedItem}, TimeBuckets, ReviewPolicy, AssuranceOptions, ChartMemo)"/>
    public static TimeSeriesChart Agreement(ReviewSummary summary, ReviewPolicy policy, AssuranceOptions? options = null, ChartMemo? memo = null)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(policy);
        options = (options ?? AssuranceOptions.Default) with { Categories = [] };
        var (buckets, tasks, split) = (summary.Buckets, summary.Tasks, summary.Labelled);
        var points = split.Select((bucket, i) =>
        {
            var at = buckets.MiddleOf(i);
            if (tasks[i] == 0)
                return ChartPoint.Gap(at);
            var overall = BucketAlpha(bucket, policy, options, memo);
            if (overall.Items < options.MinimumAgreementItems || double.IsNaN(overall.Alpha.Value))
                return ChartPoint.Gap(at, string.Create(CultureInfo.InvariantCulture, $"insufficient: {overall.Items} items"));
            return new ChartPoint(at, overall.Alpha.Value, overall.Alpha.Low, overall.Alpha.High, $"{overall.Items} items with two or more labels");
        }).ToList();
        return new TimeSeriesChart(AgreementId, "Reviewer agreement",
            $"Krippendorff's alpha (nominal) on any failure against none, per {buckets.WidthText} bucket of interaction time; shaded: 95% bootstrap interval over items. A bucket needs {options.MinimumAgreementItems} items with two or more labels, else it says insufficient.",
            "alpha", buckets.From, buckets.To, [new ChartSeries("Krippendorff's alpha", points)])
        {
            YMax = 1,
            Threshold = policy.AgreementThreshold,
            ThresholdLabel = string.Create(CultureInfo.InvariantCulture, $"policy threshold {policy.AgreementThreshold:0.###}"),
            // Only said when no bucket has a point, so the whole-range alpha is computed only then.
            EmptyText = points.Any(p => !p.IsGap) ? "" : Insufficient(split, policy, options, buckets.WidthText),
        };
    }

    /// <summary><see cref="LabelAgreement.OverallAlpha"/> of one bucket, from <paramref name="memo"/> when the same ratings were bootstrapped before.</summary>
    /// <remarks>
    /// The memo's key is what the bootstrap reads, in order: each counted item's id and each current label's reviewer and
    /// "any failure" answer, and the bootstrap's settings.
    /// </remarks>
    private static (int Items, Estimate Alpha) BucketAlpha(List<ReviewedItem> labelled, ReviewPolicy policy, AssuranceOptions options, ChartMemo? memo)
    {
        if (memo is null)
            return LabelAgreement.OverallAlpha(labelled, policy, options);
        var key = new StringBuilder(64 + (labelled.Count * 48));
        key.Append(CultureInfo.InvariantCulture, $"{options.Resamples}|{options.Confidence:R}|{options.Seed}");
        foreach (var item in labelled)
        {
            // Usually each reviewer labelled once: then the current labels are the labels, in order, without grouping.
            var distinct = ReviewSummary.Reviewers(item);
            var labels = distinct == item.Labels.Count ? item.Labels : LabelAgreement.CurrentLabels(item);
            var complete = item.Adjudicated is not null || distinct >= Math.Max(1, item.RequiredLabels);
            if (labels.Count < 2 || !complete)
                continue;
            // Lengths first, so that no id or name can run into the next.
            key.Append('|').Append(item.InteractionId.Length).Append(':').Append(item.InteractionId);
            foreach (var label in labels)
                key.Append(label.Verdict.Categories.Count > 0 ? '+' : '-').Append(label.Reviewer.Length).Append(':').Append(label.Reviewer);
        }

        var text = key.ToString();
        if (memo.TryGetAgreement(text, out var known))
            return known;
        var computed = LabelAgreement.OverallAlpha(labelled, policy, options);
        memo.RememberAgreement(text, computed);
        return computed;
    }

    /// <summary>
    /// Why no bucket has a point: too few complete items with two labels. Only complete items count (every label asked for, or
    /// decided; a reviewer's view of others' open tasks carries no labels), so this says "insufficient" as the caption promises,
    /// with the range's count and, when the range as a whole has enough, its alpha.
    /// </summary>
    private static string Insufficient(IReadOnlyList<List<ReviewedItem>> split, ReviewPolicy policy, AssuranceOptions options, string width)
    {
        var all = split.SelectMany(b => b).ToList();
        var pairable = all.Count(i => i.IsComplete && LabelAgreement.CurrentLabels(i).Count >= 2);
        var text = string.Create(CultureInfo.InvariantCulture,
            $"Insufficient: {pairable} complete items with two or more labels in this range; a point needs {options.MinimumAgreementItems} in one {width} bucket");
        if (pairable < options.MinimumAgreementItems)
            return text;
        var alpha = LabelAgreement.OverallAlpha(all, policy, options).Alpha;
        return string.Create(CultureInfo.InvariantCulture, $"{text}. Whole range: alpha {SvgWriter.Signed(alpha.Value)} [{SvgWriter.Signed(alpha.Low)}, {SvgWriter.Signed(alpha.High)}]");
    }
}
