using System.Globalization;
using Assay.Reporting;

namespace Assay.Server.Dashboard;

/// <summary>The stretch of time a dashboard shows, the last 1, 6, 24 or 168 hours up to now, and the buckets each kind of chart uses.</summary>
/// <remarks>
/// The range starts where the first traffic bucket starts, at most one bucket before "now minus the hours", so that every
/// chart shares one time axis and no traffic bucket but the last (still filling) is cut short. The review charts' wider
/// buckets at either end may be; they hold only the range's part and are drawn in its middle.
/// </remarks>
/// <param name="Hours">How far back the range reaches, nominally.</param>
/// <param name="Traffic">Buckets of the traffic charts: about 24 to 60 of them.</param>
/// <param name="Review">Buckets of the review charts: at most <see cref="MaxReviewBuckets"/>, since labels are sparse.</param>
internal sealed record DashboardRange(int Hours, TimeBuckets Traffic, TimeBuckets Review)
{
    public const int DefaultHours = 24;

    /// <summary>Why a <c>hours</c> value was refused, as problem details and the UI say it.</summary>
    public const string Invalid = "must be one of 1, 6, 24 or 168 (hours back from now)";

    public const int MaxReviewBuckets = 12;

    public static IReadOnlyList<int> Choices { get; } = [1, 6, 24, 168];

    /// <summary>The longest range, its widening by one bucket and the drift chart's reference before it: what the feature buffer keeps.</summary>
    public static TimeSpan Longest { get; } = TimeSpan.FromHours(168) + (TimeSpan.FromHours(6) * (DriftChart.ReferenceBuckets + 1));

    public DateTimeOffset From => Traffic.From;

    public DateTimeOffset To => Traffic.To;

    /// <summary>The range <paramref name="hours"/> asks for (the default when absent); null when it is not one of <see cref="Choices"/>.</summary>
    public static DashboardRange? Parse(string? hours, DateTimeOffset now)
    {
        var value = DefaultHours;
        if (hours is not null && (!int.TryParse(hours, NumberStyles.None, CultureInfo.InvariantCulture, out value) || !Choices.Contains(value)))
            return null;
        var nominal = now.AddHours(-value);
        // Widths follow the nominal range; both kinds of bucket cover the same range, from the first traffic bucket to now.
        var traffic = TimeBuckets.Choose(nominal, now);
        var review = TimeBuckets.Choose(nominal, now, MaxReviewBuckets);
        return new DashboardRange(value, TimeBuckets.Cover(traffic.Start, now, traffic.Width), TimeBuckets.Cover(traffic.Start, now, review.Width));
    }

    /// <summary>A range in words, e.g. "last 6 hours" or "last 7 days".</summary>
    public static string Words(int hours) => hours switch
    {
        1 => "last hour",
        168 => "last 7 days",
        _ => string.Create(CultureInfo.InvariantCulture, $"last {hours} hours"),
    };
}
