using Assay.Assurance;
using Assay.Reporting;
using Assay.Review;
using AssuranceSome = Assay.Core.Tests.Assurance.Some;

namespace Assay.Core.Tests.Reporting;

public sealed class ReviewChartsTests
{
    private static readonly DateTimeOffset s_start = AssuranceSome.Start;
    private static readonly TimeBuckets s_buckets = new(s_start, TimeSpan.FromHours(1), 3);

    [Fact]
    public void Agreement_gives_alpha_with_its_interval_and_says_insufficient_for_a_sparse_bucket()
    {
        var full = AssuranceSome.Binary(both: 8, split: 2); // 20 items with two labels each
        var sparse = AssuranceSome.Binary(both: 2, split: 1).Select(i => i with { OccurredAt = s_start.AddHours(1) }).ToList();
        var items = full.Concat(sparse).ToList();

        var chart = ReviewCharts.Agreement(items, s_buckets, ReviewPolicy.Default, AssuranceSome.Fast);

        var points = Assert.Single(chart.Series).Points;
        var expected = LabelAgreement.Compute(full, ReviewPolicy.Default, AssuranceSome.Fast).Overall.Alpha;
        Assert.Equal(expected.Value, points[0].Value, 12);
        Assert.Equal(expected.Low, points[0].Low, 12);
        Assert.Equal(expected.High, points[0].High, 12);
        Assert.True(points[1].IsGap);
        Assert.Equal("insufficient: 6 items", points[1].Note);
        Assert.True(points[2].IsGap);
        Assert.Null(points[2].Note);
        Assert.Equal(ReviewPolicy.Default.AgreementThreshold, chart.Threshold);
    }

    [Fact]
    public void Agreement_with_no_bucket_sufficient_says_insufficient_with_the_complete_count_not_no_labels()
    {
        // Six complete items, and one that still waits for a third label: it counts nowhere until it is settled.
        var items = AssuranceSome.Binary(both: 2, split: 1)
            .Append(AssuranceSome.Item("waiting", labels: [AssuranceSome.Label("ann"), AssuranceSome.Label("bob")]) with { RequiredLabels = 3 }).ToList();

        var chart = ReviewCharts.Agreement(items, s_buckets, ReviewPolicy.Default, AssuranceSome.Fast);

        Assert.False(chart.HasData);
        Assert.Equal("Insufficient: 6 complete items with two or more labels in this range; a point needs 20 in one 1 h bucket", chart.EmptyText);
    }

    [Fact]
    public void Agreement_with_enough_items_only_across_buckets_gives_the_whole_range_alpha_in_interval_notation()
    {
        var items = AssuranceSome.Binary(both: 8, split: 2).Select((item, i) => i % 2 == 0 ? item : item with { OccurredAt = s_start.AddHours(1) }).ToList();

        var chart = ReviewCharts.Agreement(items, s_buckets, ReviewPolicy.Default, AssuranceSome.Fast);

        // The chart resamples the items bucket by bucket, in that order.
        var alpha = LabelAgreement.Compute([.. items.OrderBy(i => i.OccurredAt)], ReviewPolicy.Default, AssuranceSome.Fast with { Categories = [] }).Overall.Alpha;
        Assert.False(chart.HasData);
        Assert.EndsWith(FormattableString.Invariant($"Whole range: alpha {alpha.Value:0.000} [{alpha.Low:0.000}, {alpha.High:0.000}]").Replace('-', '\u2212'), chart.EmptyText, StringComparison.Ordinal);
    }

    [Fact]
    public void Coverage_is_the_share_of_review_tasks_with_all_labels_and_with_any()
    {
        var items = new[]
        {
            AssuranceSome.Item("two", labels: [AssuranceSome.Label("ann"), AssuranceSome.Label("bob")]),
            AssuranceSome.Item("one", labels: [AssuranceSome.Label("ann")]),
            AssuranceSome.Item("none"),
            AssuranceSome.Item("decided", adjudicated: AssuranceSome.Verdict("c"), labels: [AssuranceSome.Label("ann", "c"), AssuranceSome.Label("bob")]),
            AssuranceSome.Item("later", at: s_start.AddHours(2)),
        };

        var chart = ReviewCharts.Coverage(items, s_buckets, ReviewPolicy.Default);

        Assert.Equal(2, chart.Series.Count);
        Assert.Equal(0.5, chart.Series[0].Points[0].Value);
        Assert.Equal(0.75, chart.Series[1].Points[0].Value);
        Assert.True(chart.Series[0].Points[1].IsGap);
        Assert.Equal(0, chart.Series[0].Points[2].Value);
        Assert.False(chart.Series[0].HasIntervals);
    }

    [Fact]
    public void Coverage_counts_a_calibration_task_complete_only_at_the_labels_it_asks_for()
    {
        var two = new[] { AssuranceSome.Label("ann"), AssuranceSome.Label("bob") };
        var items = new[]
        {
            AssuranceSome.Item("calibration", labels: two) with { RequiredLabels = 3 },
            AssuranceSome.Item("ordinary", labels: two) with { RequiredLabels = 2 },
            AssuranceSome.Item("unknown", labels: two),
            AssuranceSome.Item("calibration-done", labels: [.. two, AssuranceSome.Label("cid")]) with { RequiredLabels = 3 },
        };

        var chart = ReviewCharts.Coverage(items, s_buckets, ReviewPolicy.Default);

        Assert.Equal(0.75, chart.Series[0].Points[0].Value);
        Assert.Equal(1.0, chart.Series[1].Points[0].Value);
    }
}
