using System.Globalization;
using Assay.Assurance;
using Assay.Review;

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
    public static TimeSeriesChart Coverage(IReadOnlyList<ReviewedItem> items, TimeBuckets buckets, ReviewPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var split = Split(items, buckets);
        var required = policy.LabelsPerTask;
        ChartSeries Series(string name, Func<ReviewedItem, bool> done) => new(name, [.. split.Select((bucket, i) =>
        {
            if (bucket.Count == 0)
                return ChartPoint.Gap(buckets.MiddleOf(i));
            var count = bucket.Count(done);
            return new ChartPoint(buckets.MiddleOf(i), (double)count / bucket.Count, Note: $"{count} of {bucket.Count} tasks");
        })]);

        var series = new[]
        {
            Series("all labels asked for, or decided",
                item => item.Adjudicated is not null || Reviewers(item) >= (item.RequiredLabels > 0 ? item.RequiredLabels : required)),
            Series("at least one label", item => item.Adjudicated is not null || item.Labels.Count > 0),
        };
        return new TimeSeriesChart(CoverageId, "Review coverage",
            $"Of the interactions routed to review in each {buckets.WidthText} bucket, the share with all the labels its task asks for ({required}, more for calibration tasks) or a lead's decision, and the share with at least one. Every task is counted, so there is no interval.",
            "share of review tasks", buckets.From, buckets.To, series)
        { YMin = 0, YMax = 1, EmptyText = "No interaction in this range was routed to review" };
    }

    /// <summary>Krippendorff's alpha (nominal) on "any failure" against "no failure" per bucket, with its bootstrap 95% interval.</summary>
    /// <remarks>A bucket with fewer than <see cref="AssuranceOptions.MinimumAgreementItems"/> items with two labels is a gap marked "insufficient".</remarks>
    public static TimeSeriesChart Agreement(IReadOnlyList<ReviewedItem> items, TimeBuckets buckets, ReviewPolicy policy, AssuranceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        options = (options ?? AssuranceOptions.Default) with { Categories = [] };
        var split = Split(items, buckets);
        var points = split.Select((bucket, i) =>
        {
            var at = buckets.MiddleOf(i);
            if (bucket.Count == 0)
                return ChartPoint.Gap(at);
            var overall = LabelAgreement.OverallAlpha(bucket, policy, options);
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

    /// <summary>
    /// Why no bucket has a point: too few complete items with two labels. Only complete items count (every label asked for, or
    /// decided; a reviewer's view of others' open tasks carries no labels), so this says "insufficient" as the caption promises,
    /// with the range's count and, when the range as a whole has enough, its alpha.
    /// </summary>
    private static string Insufficient(List<ReviewedItem>[] split, ReviewPolicy policy, AssuranceOptions options, string width)
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

    /// <summary>Distinct reviewers among the labels (the count of <see cref="LabelAgreement.CurrentLabels"/>), without grouping: a task has a handful.</summary>
    private static int Reviewers(ReviewedItem item)
    {
        var labels = item.Labels;
        var count = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            var first = true;
            for (var j = 0; j < i && first; j++)
                first = !string.Equals(labels[j].Reviewer, labels[i].Reviewer, StringComparison.Ordinal);
            if (first)
                count++;
        }

        return count;
    }

    private static List<ReviewedItem>[] Split(IReadOnlyList<ReviewedItem> items, TimeBuckets buckets)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(buckets);
        var split = new List<ReviewedItem>[buckets.Count];
        for (var i = 0; i < split.Length; i++)
            split[i] = [];
        foreach (var item in items)
        {
            var index = buckets.IndexOf(item.OccurredAt);
            if (index >= 0 && index < split.Length && buckets.InRange(item.OccurredAt))
                split[index].Add(item);
        }

        return split;
    }
}
