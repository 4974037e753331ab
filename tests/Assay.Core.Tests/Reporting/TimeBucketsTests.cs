using Assay.Reporting;

namespace Assay.Core.Tests.Reporting;

public sealed class TimeBucketsTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 27, 12, 34, 56, TimeSpan.Zero);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(6, 15)]
    [InlineData(24, 60)]
    [InlineData(168, 360)]
    public void Choose_gives_each_dashboard_range_24_to_60_buckets_of_a_nice_width(int hours, int minutes)
    {
        var buckets = TimeBuckets.Choose(s_now.AddHours(-hours), s_now);

        Assert.Equal(TimeSpan.FromMinutes(minutes), buckets.Width);
        Assert.InRange(buckets.Count, 24, 61);
        Assert.True(buckets.Start <= s_now.AddHours(-hours) && buckets.End >= s_now);
    }

    [Fact]
    public void Choose_aligns_buckets_to_whole_widths_in_utc()
    {
        var buckets = TimeBuckets.Choose(s_now.AddHours(-6), s_now);

        Assert.Equal(new DateTimeOffset(2026, 11, 27, 6, 30, 0, TimeSpan.Zero), buckets.Start);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 12, 45, 0, TimeSpan.Zero), buckets.End);
        Assert.Equal(25, buckets.Count);
    }

    [Fact]
    public void Choose_clips_the_end_buckets_to_the_range_so_no_point_is_drawn_in_the_future()
    {
        var buckets = TimeBuckets.Choose(s_now.AddHours(-24), s_now, 12);

        Assert.Equal(TimeSpan.FromHours(6), buckets.Width);
        Assert.Equal((s_now.AddHours(-24), s_now), (buckets.From, buckets.To));
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero), buckets.StartOf(buckets.Count - 1));
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 12, 17, 28, TimeSpan.Zero), buckets.MiddleOf(buckets.Count - 1));
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 15, 17, 28, TimeSpan.Zero), buckets.MiddleOf(0));
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 21, 0, 0, TimeSpan.Zero), buckets.MiddleOf(1));
        Assert.False(buckets.InRange(s_now));
        Assert.False(buckets.InRange(buckets.Start));
    }

    [Fact]
    public void Choose_a_range_too_long_for_days_uses_several_days()
    {
        var buckets = TimeBuckets.Choose(s_now.AddDays(-365), s_now);

        Assert.Equal(TimeSpan.FromDays(7), buckets.Width);
        Assert.InRange(buckets.Count, 50, 61);
    }

    [Fact]
    public void IndexOf_counts_from_the_start_and_goes_negative_before_it()
    {
        var buckets = new TimeBuckets(s_now, TimeSpan.FromMinutes(5), 12);

        Assert.Equal(0, buckets.IndexOf(s_now));
        Assert.Equal(0, buckets.IndexOf(s_now.AddMinutes(4.99)));
        Assert.Equal(1, buckets.IndexOf(s_now.AddMinutes(5)));
        Assert.Equal(-1, buckets.IndexOf(s_now.AddSeconds(-1)));
        Assert.Equal(s_now.AddMinutes(7.5), buckets.MiddleOf(1));
        Assert.Equal("5 min", buckets.WidthText);
    }
}
