using Assay.Domain;
using Assay.Review;
using Assay.Statistics;
using Assay.Statistics.Agreement;

namespace Assay.Assurance;

/// <summary>Computes reviewer agreement from reviewed items: per category, overall and per reviewer pair.</summary>
/// <remarks>Pure and thread-safe; the bootstrap is seeded, so the same items always give the same report.</remarks>
public static class LabelAgreement
{
    /// <summary>The items that occurred in [<paramref name="from"/>, <paramref name="to"/>): the rolling window.</summary>
    public static IReadOnlyList<ReviewedItem> Window(IEnumerable<ReviewedItem> items, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(items);
        return [.. items.Where(i => i.OccurredAt >= from && i.OccurredAt < to)];
    }

    /// <summary>Agreement over the complete items (every label asked for, or adjudicated) that have two or more current labels.</summary>
    public static AgreementReport Compute(IReadOnlyList<ReviewedItem> items, ReviewPolicy policy, AssuranceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(policy);
        options ??= AssuranceOptions.Default;

        var (units, ratings) = Ratings(items);
        var measure = new MeasureFactory(units, policy.AgreementThreshold, options);

        // "Any failure" is the same binary reduction applied to a single pseudo-category ticked whenever any category is.
        var overall = MultiLabelAgreement.PerCategory(ratings.Select(r =>
            r with { Categories = r.Categories.Count > 0 ? [AgreementReport.AnyFailure] : [] }));
        var perCategory = MultiLabelAgreement.PerCategory(ratings);
        var categories = perCategory.Keys
            .Concat(options.Categories)
            .Concat(items.SelectMany(i => i.FlaggedRules.Select(f => f.Category)))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(c => measure.Create(c, perCategory.GetValueOrDefault(c)))
            .ToList();

        return new AgreementReport(
            units,
            ratings.Select(r => r.Rater).Distinct(StringComparer.Ordinal).Count(),
            policy.AgreementThreshold,
            options.MinimumAgreementItems,
            measure.Create(AgreementReport.AnyFailure, overall.GetValueOrDefault(AgreementReport.AnyFailure)),
            categories,
            ReviewerPairs.Compute(ratings, options.Confidence))
        {
            Answers = Answers(items, ratings, options),
        };
    }

    /// <summary>Set alphas over the same ratings, and ordinal alpha on the severities of the same labels.</summary>
    private static AnswerAgreement Answers(IReadOnlyList<ReviewedItem> items, List<MultiLabelRating> ratings, AssuranceOptions options)
    {
        var bootstrap = options.Bootstrap;
        return new AnswerAgreement(
            SetAlpha.Compute(ratings, SetDistance.Masi, bootstrap),
            SetAlpha.Compute(ratings, SetDistance.Jaccard, bootstrap),
            SetAlpha.Compute(ratings, SetDistance.Nominal, bootstrap),
            SeverityMatrix(items) is { } matrix
                ? KrippendorffAlpha.Compute(matrix, MeasurementLevel.Ordinal, bootstrap)
                : new Estimate(double.NaN, double.NaN, double.NaN, options.Confidence, 0, "bootstrap-percentile", "no item has two labels"));
    }

    /// <summary>
    /// Severity as an ordinal rating, one row per counted item and one column per reviewer: 0 for "no failure", then
    /// low (1) to critical (4); a failure given without a severity counts as low. Null when no item has two labels.
    /// </summary>
    private static RatingMatrix? SeverityMatrix(IReadOnlyList<ReviewedItem> items)
    {
        var rows = new List<Dictionary<string, double>>();
        var reviewers = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var labels = CurrentLabels(item);
            if (labels.Count < 2 || !item.IsComplete)
                continue;
            rows.Add(labels.ToDictionary(l => l.Reviewer, l => l.Verdict.NoFailure ? 0.0 : 1 + (int)(l.Verdict.Severity ?? Severity.Low), StringComparer.Ordinal));
            reviewers.UnionWith(labels.Select(l => l.Reviewer));
        }

        return rows.Count == 0
            ? null
            : RatingMatrix.FromRows([.. rows.Select(row => (IReadOnlyList<double?>)[.. reviewers.Select(r => row.TryGetValue(r, out var v) ? v : (double?)null)])]);
    }

    /// <summary>
    /// Only the overall alpha of <see cref="Compute"/> ("any failure", same items, same bootstrap): for charts that draw it per
    /// bucket and need neither AC1, nor the categories, nor the reviewer pairs, each of which costs a bootstrap of its own.
    /// </summary>
    public static (int Items, Estimate Alpha) OverallAlpha(IReadOnlyList<ReviewedItem> items, ReviewPolicy policy, AssuranceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(policy);
        options ??= AssuranceOptions.Default;
        var (units, ratings) = Ratings(items);
        var matrix = MultiLabelAgreement.PerCategory(ratings.Select(r =>
            r with { Categories = r.Categories.Count > 0 ? [AgreementReport.AnyFailure] : [] })).GetValueOrDefault(AgreementReport.AnyFailure);
        var alpha = matrix is null
            ? new Estimate(double.NaN, double.NaN, double.NaN, options.Confidence, units, "bootstrap-percentile", "no item has two labels")
            : KrippendorffAlpha.Compute(matrix, MeasurementLevel.Nominal, options.Bootstrap);
        return (units, alpha);
    }

    /// <summary>The ratings of the complete items with two or more current labels, and how many such items there are.</summary>
    /// <remarks>A task still waiting for labels is pending: counting it would report a label before the item is settled.</remarks>
    private static (int Units, List<MultiLabelRating> Ratings) Ratings(IReadOnlyList<ReviewedItem> items)
    {
        var ratings = new List<MultiLabelRating>();
        var units = 0;
        foreach (var item in items)
        {
            var labels = CurrentLabels(item);
            if (labels.Count < 2 || !item.IsComplete)
                continue;
            units++;
            ratings.AddRange(labels.Select(l => new MultiLabelRating(item.InteractionId, l.Reviewer, [.. l.Verdict.Categories])));
        }

        return (units, ratings);
    }

    /// <summary>One label per reviewer: the latest, should a store ever hand over a superseded one too.</summary>
    internal static IReadOnlyList<Label> CurrentLabels(ReviewedItem item) =>
        [.. item.Labels
            .GroupBy(l => l.Reviewer, StringComparer.Ordinal)
            .Select(g => g.OrderBy(l => l.CreatedAt).ThenBy(l => l.LabelId).Last())];

    private sealed class MeasureFactory(int units, double threshold, AssuranceOptions options)
    {
        public AgreementMeasure Create(string category, RatingMatrix? matrix)
        {
            if (matrix is null)
            {
                // Nobody ticked the category: every pairable label is "not ticked", and alpha has no variation to measure.
                var why = units == 0 ? "no item has two labels" : "no reviewer ticked this category: agreement on it is undefined";
                var empty = new Estimate(double.NaN, double.NaN, double.NaN, options.Confidence, units, "bootstrap-percentile", why);
                return new AgreementMeasure(category, empty, empty, units, 0,
                    Reliability.Of(empty, units, threshold, options.MinimumAgreementItems));
            }

            var bootstrap = options.Bootstrap;
            var alpha = KrippendorffAlpha.Compute(matrix, MeasurementLevel.Nominal, bootstrap);
            var ac1 = GwetAc1.Compute(matrix, bootstrap);
            return new AgreementMeasure(category, alpha, ac1, units, KrippendorffAlpha.PairableValues(matrix),
                Reliability.Of(alpha, units, threshold, options.MinimumAgreementItems));
        }
    }
}
