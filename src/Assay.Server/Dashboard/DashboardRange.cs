using System.Globalization;
using Assay.Reporting;

namespace Assay.Server.Dashboard;

/// <summary>The stretch of time a dashboard shows, the last 1, 6, 24 or 168 hours up to now, and the buckets each kind of chart uses.</summary>
/// <param name="Hours">How far back the range reaches.</param>
/// <param name="From">Start of the range.</param>
/// <param name="To">End of the range: the time of the request.</param>
internal sealed record DashboardRange(int Hours, DateTimeOffset From, DateTimeOffset To)
{
    public const int DefaultHours = 24;

    /// <summary>Why a <c>hours</c> value was refused, as problem details and the UI say it.</summary>
    public const string Invalid = "must be one of 1, 6, 24 or 168 (hours back from now)";

    /// <summary>Most buckets of a review chart: labels are sparse, so its buckets are wider than the traffic charts'.</summary>
    public const int MaxReviewBuckets = 12;

    public static IReadOnlyList<int> Choices { get; } = [1, 6, 24, 168];

    /// <summary>The longest range plus the drift chart's reference before it: what the feature buffer keeps.</summary>
    public static TimeSpan Longest { get; } = TimeSpan.FromHours(168) + (TimeSpan.FromHours(6) * (DriftChart.ReferenceBuckets + 1));

    /// <summary>Buckets of the traffic charts: 24 to 60 of them.</summary>
    public TimeBuckets Traffic => TimeBuckets.Choose(From, To);

    /// <summary>Buckets of the review charts: at most <see cref="MaxReviewBuckets"/>.</summary>
    public TimeBuckets Review => TimeBuckets.Choose(From, To, MaxReviewBuckets);

    /// <summary>The range <paramref name="hours"/> asks for (the default when absent); null when it is not one of <see cref="Choices"/>.</summary>
    public static DashboardRange? Parse(string? hours, DateTimeOffset now)
    {
        var value = DefaultHours;
        if (hours is not null && (!int.TryParse(hours, NumberStyles.None, CultureInfo.InvariantCulture, out value) || !Choices.Contains(value)))
            return null;
        return new DashboardRange(value, now.AddHours(-value), now);
    }

    /// <summary>The range in words, e.g. "last 6 hours" or "last 7 days".</summary>
    public string Words => Hours switch
    {
        1 => "last hour",
        168 => "last 7 days",
        _ => string.Create(CultureInfo.InvariantCulture, $"last {Hours} hours"),
    };
}
