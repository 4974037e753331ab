using System.Globalization;
using Assay.Reporting;

namespace Assay.Server.Dashboard;

/// <summary>The stretch of time a dashboard shows, the last 1, 6, 24 or 168 hours up to now, and the buckets each kind of chart uses.</summary>
/// <remarks>
/// The range starts where the review chart's first (wider) bucket starts, a little before "now minus the hours", so that
/// every chart shares one time axis and no first bucket is cut short; only the last one, still filling, is.
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

    /// <summary>The longest range, its widening and the drift chart's reference before it: what the feature buffer keeps.</summary>
    public static TimeSpan Longest { get; } = TimeSpan.FromHours(168 + 24) + (TimeSpan.FromHours(6) * DriftChart.ReferenceBuckets);

    public DateTimeOffset From => Review.From;

    public DateTimeOffset To => Review.To;

    /// <summary>The range <paramref name="hours"/> asks for (the default when absent); null when it is not one of <see cref="Choices"/>.</summary>
    public static DashboardRange? Parse(string? hours, DateTimeOffset now)
    {
        var value = DefaultHours;
        if (hours is not null && (!int.TryParse(hours, NumberStyles.None, CultureInfo.InvariantCulture, out value) || !Choices.Contains(value)))
            return null;
        var nominal = now.AddHours(-value);
        // Widths follow the nominal range; the start is the review bucket's (a multiple of the traffic width, since each nice width divides the next).
        var review = TimeBuckets.Choose(nominal, now, MaxReviewBuckets);
        var traffic = TimeBuckets.Choose(nominal, now);
        return new DashboardRange(value, TimeBuckets.Cover(review.Start, now, traffic.Width), TimeBuckets.Cover(review.Start, now, review.Width));
    }

    /// <summary>A range in words, e.g. "last 6 hours" or "last 7 days".</summary>
    public static string Words(int hours) => hours switch
    {
        1 => "last hour",
        168 => "last 7 days",
        _ => string.Create(CultureInfo.InvariantCulture, $"last {hours} hours"),
    };
}
