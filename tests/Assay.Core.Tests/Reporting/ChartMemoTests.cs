using Assay.Assurance;
using Assay.Monitoring;
using Assay.Reporting;
using Assay.Review;
using AssuranceSome = Assay.Core.Tests.Assurance.Some;

namespace Assay.Core.Tests.Reporting;

public sealed class ChartMemoTests
{
    private static readonly TimeBuckets s_buckets = new(AssuranceSome.Start, TimeSpan.FromHours(1), 2);

    [Fact]
    public void Agreement_from_the_memo_equals_the_bootstrap_and_a_late_label_in_a_closed_bucket_changes_it()
    {
        var memo = new ChartMemo();
        var items = AssuranceSome.Binary(both: 8, split: 2);
        var first = Point(ReviewCharts.Agreement(items, s_buckets, ReviewPolicy.Default, AssuranceSome.Fast, memo));
        var again = Point(ReviewCharts.Agreement([.. items.Select(i => i with { })], s_buckets, ReviewPolicy.Default, AssuranceSome.Fast, memo));
        Assert.Equal(first, again);

        // A third reviewer's late label on an item of the first (closed) bucket: carol says "c" where ann and bob said none.
        var late = items.Select(i => i.InteractionId == "none-0" ? i with { Labels = [.. i.Labels, AssuranceSome.Label("carol", "c")] } : i).ToList();
        var cached = Point(ReviewCharts.Agreement(late, s_buckets, ReviewPolicy.Default, AssuranceSome.Fast, memo));
        var fresh = Point(ReviewCharts.Agreement(late, s_buckets, ReviewPolicy.Default, AssuranceSome.Fast));

        Assert.Equal(fresh, cached);
        Assert.NotEqual(first.Value, cached.Value);
        var expected = LabelAgreement.Compute(late, ReviewPolicy.Default, AssuranceSome.Fast).Overall.Alpha;
        Assert.Equal(expected.Value, cached.Value, 12);
        Assert.Equal(expected.Low, cached.Low, 12);
    }

    [Fact]
    public void Agreement_memo_sees_a_changed_answer_that_keeps_the_label_count()
    {
        var memo = new ChartMemo();
        var items = AssuranceSome.Binary(both: 8, split: 2);
        var before = Point(ReviewCharts.Agreement(items, s_buckets, ReviewPolicy.Default, AssuranceSome.Fast, memo));
        // bob replaces his label on none-0 ("no failure") with one that ticks c: same items, same label count.
        var changed = items.Select(i => i.InteractionId == "none-0" ? i with { Labels = [i.Labels[0], AssuranceSome.Label("bob", "c")] } : i).ToList();

        var after = Point(ReviewCharts.Agreement(changed, s_buckets, ReviewPolicy.Default, AssuranceSome.Fast, memo));

        Assert.Equal(Point(ReviewCharts.Agreement(changed, s_buckets, ReviewPolicy.Default, AssuranceSome.Fast)), after);
        Assert.NotEqual(before.Value, after.Value);
    }

    [Fact]
    public void Drift_points_are_reused_for_the_same_aggregates_and_recomputed_when_a_bucket_changes()
    {
        var start = Monitoring.Traffic.Start;
        var features = Monitoring.Traffic.Features(1, 3000, start);
        features.AddRange(Monitoring.Traffic.Features(2, 600, start.AddMinutes(5), shiftedMix: true));
        var buckets = new TimeBuckets(start.AddMinutes(4), TimeSpan.FromMinutes(1), 2);
        var summary = TrafficSummary.From(features, buckets, DriftChart.ReferenceBuckets);
        var memo = new ChartMemo();

        var first = DriftChart.Build(summary, memo: memo).Series[0].Points;
        var again = DriftChart.Build(summary, memo: memo).Series[0].Points;
        var plain = DriftChart.Build(summary).Series[0].Points;
        Assert.Equal(plain, first);
        Assert.Equal(first, again);

        // The shifted minute's traffic replaced by more of the usual mix: a new aggregate, so a new point.
        var calm = features.Where(f => f.Timestamp < start.AddMinutes(5)).Concat(Monitoring.Traffic.Features(3, 600, start.AddMinutes(5))).ToList();
        var changed = DriftChart.Build(TrafficSummary.From(calm, buckets, DriftChart.ReferenceBuckets), memo: memo).Series[0].Points;
        Assert.Equal(DriftChart.Build(calm, buckets).Series[0].Points, changed);
        Assert.True(changed[1].Value < first[1].Value);
    }

    private static ChartPoint Point(TimeSeriesChart chart) => Assert.Single(chart.Series).Points[0];
}
