using Assay.Server.Dashboard;

namespace Assay.Server.Tests.Dashboard;

public sealed class DashboardRangeTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 27, 11, 59, 30, TimeSpan.Zero);

    [Fact]
    public void Parse_24_hours_gives_hourly_traffic_and_six_hourly_review_buckets_on_one_axis()
    {
        var range = DashboardRange.Parse("24", s_now)!;

        Assert.Equal(TimeSpan.FromHours(1), range.Traffic.Width);
        Assert.Equal(TimeSpan.FromHours(6), range.Review.Width);
        // From the start of the hour holding "now minus 24 h": never more than one traffic bucket earlier.
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 11, 0, 0, TimeSpan.Zero), range.From);
        Assert.Equal((range.From, s_now), (range.Review.From, range.Review.To));
        Assert.Equal(range.From, range.Traffic.Start);
        Assert.Equal(25, range.Traffic.Count);
    }

    [Fact]
    public void Parse_without_hours_is_the_default_and_a_value_not_offered_is_refused()
    {
        Assert.Equal(DashboardRange.DefaultHours, DashboardRange.Parse(null, s_now)!.Hours);
        Assert.Equal(168, DashboardRange.Parse("168", s_now)!.Hours);
        Assert.Null(DashboardRange.Parse("2", s_now));
        Assert.Null(DashboardRange.Parse("+6", s_now));
        Assert.Null(DashboardRange.Parse(" 6", s_now));
        Assert.Null(DashboardRange.Parse("6.0", s_now));
    }

    [Fact]
    public void Longest_covers_a_week_its_widening_and_the_drift_reference()
    {
        var range = DashboardRange.Parse("168", s_now)!;
        var earliestRead = range.Traffic.StartOf(-Assay.Reporting.DriftChart.ReferenceBuckets);

        Assert.True(s_now - earliestRead <= DashboardRange.Longest, $"{s_now - earliestRead} > {DashboardRange.Longest}");
    }
}
