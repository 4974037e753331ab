using Assay.Monitoring;

namespace Assay.Reporting;

/// <summary>The traffic charts' input: one <see cref="TrafficBucket"/> per bucket, after <see cref="Before"/> reference buckets for drift.</summary>
/// <remarks>Built once per request and shared by the four traffic charts, instead of each chart splitting the features again.</remarks>
/// <param name="Buckets">The range's buckets.</param>
/// <param name="Before">How many buckets before the range come first (drift's reference); index 0 is the earliest.</param>
/// <param name="Aggregates">The aggregates, <paramref name="Before"/> + the range's bucket count of them.</param>
public sealed record TrafficSummary(TimeBuckets Buckets, int Before, IReadOnlyList<TrafficBucket> Aggregates)
{
    /// <summary>The aggregate of the range's bucket <paramref name="index"/> (0 is the range's first).</summary>
    public TrafficBucket this[int index] => Aggregates[index + Before];

    /// <summary>Splits <paramref name="features"/> into the buckets (with <paramref name="before"/> reference buckets) and aggregates each.</summary>
    public static TrafficSummary From(IReadOnlyList<InteractionFeatures> features, TimeBuckets buckets, int before = 0) =>
        new(buckets, before, [.. TrafficCharts.Split(features, buckets, before).Select(TrafficBucket.From)]);

    /// <summary>The interval of aggregate <paramref name="index"/>: its bucket, clipped to the range (or, for a reference bucket, to before it).</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Span(TimeBuckets buckets, int before, int index)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        var start = buckets.StartOf(index - before);
        var end = buckets.StartOf(index - before + 1);
        return index < before
            ? (start, end < buckets.From ? end : buckets.From)
            : (start < buckets.From ? buckets.From : start, end > buckets.To ? buckets.To : end);
    }
}
