using Assay.Monitoring;

namespace Assay.Reporting;

/// <summary>Builds <see cref="TrafficSummary"/>s from <see cref="FeatureMinutes"/>, aggregating only the buckets that changed since the last request.</summary>
/// <remarks>
/// A whole bucket's aggregate is kept per reader scope (a project, or all) with the <see cref="FeatureMinutes.LastChange"/>
/// stamp it was built at, and reused while the stamp holds: a late interaction, a drawn score patched in, or a trim
/// changes the stamp. A bucket cut short by the range (the last, still filling) is aggregated on every request. So a view
/// reads all its features once, and afterwards about one bucket's worth. Entries older than the earliest bucket a request
/// asks for are dropped (ranges always end now, so they will not be asked for again). Not thread-safe: call it under the
/// same lock as the <see cref="FeatureMinutes"/> it reads.
/// </remarks>
public sealed class TrafficSummaryCache
{
    private readonly Dictionary<(string Scope, long Width, long Start), (long Stamp, TrafficBucket Bucket)> _kept = [];

    /// <summary>Whole buckets kept for reuse, over every scope and width.</summary>
    public int Count => _kept.Count;

    /// <summary>The summary of <paramref name="buckets"/> after <paramref name="before"/> reference buckets, of the features <paramref name="sees"/> takes.</summary>
    /// <param name="scope">Names what <paramref name="sees"/> lets through (the caller's project): aggregates are kept per scope.</param>
    public TrafficSummary Summarize(FeatureMinutes minutes, TimeBuckets buckets, int before, string scope, Func<InteractionFeatures, bool> sees)
    {
        ArgumentNullException.ThrowIfNull(minutes);
        ArgumentNullException.ThrowIfNull(buckets);
        ArgumentNullException.ThrowIfNull(sees);
        var width = buckets.Width.Ticks;
        var earliest = buckets.StartOf(-before).UtcTicks;
        foreach (var key in _kept.Keys.Where(k => k.Scope == scope && k.Width == width && k.Start < earliest).ToList())
            _kept.Remove(key);

        var aggregates = new TrafficBucket[buckets.Count + before];
        var features = new List<InteractionFeatures>();
        for (var i = 0; i < aggregates.Length; i++)
        {
            var (from, to) = TrafficSummary.Span(buckets, before, i);
            var whole = from == buckets.StartOf(i - before) && to == buckets.StartOf(i - before + 1);
            var key = (scope, width, from.UtcTicks);
            var stamp = whole ? minutes.LastChange(from, to) : -1;
            if (whole && _kept.TryGetValue(key, out var kept) && kept.Stamp == stamp)
            {
                aggregates[i] = kept.Bucket;
                continue;
            }

            features.Clear();
            if (from < to)
                minutes.CopyTo(features, from, to, sees);
            aggregates[i] = TrafficBucket.From(features);
            if (whole)
                _kept[key] = (stamp, aggregates[i]);
        }

        return new TrafficSummary(buckets, before, aggregates);
    }
}
