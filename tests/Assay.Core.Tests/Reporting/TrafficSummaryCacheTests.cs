using Assay.Monitoring;
using Assay.Reporting;
using static Assay.Core.Tests.Reporting.ChartFixtures;

namespace Assay.Core.Tests.Reporting;

public sealed class TrafficSummaryCacheTests
{
    // Three 15-minute buckets, the range ending 20 minutes into the last: the first two are whole, the last is still filling.
    private static readonly TimeBuckets s_buckets = TimeBuckets.Cover(From, From.AddMinutes(40), TimeSpan.FromMinutes(15));

    [Fact]
    public void Summary_from_the_minute_index_equals_the_one_from_the_features()
    {
        var features = Spread(180);
        var minutes = Index(features);

        var cached = new TrafficSummaryCache().Summarize(minutes, s_buckets, 1, "*", _ => true);
        var direct = TrafficSummary.From(features, s_buckets, 1);

        Assert.Equal(direct.Aggregates.Select(b => b.Count), cached.Aggregates.Select(b => b.Count));
        Assert.Equal(SelfAgreementValues(direct), SelfAgreementValues(cached));
        Assert.Equal(TrafficCharts.FlagRates(direct).Series.SelectMany(s => s.Points), TrafficCharts.FlagRates(cached).Series.SelectMany(s => s.Points));
    }

    [Fact]
    public void Whole_buckets_are_reused_until_a_late_or_patched_feature_changes_them()
    {
        var minutes = Index(Spread(180));
        var cache = new TrafficSummaryCache();
        var first = cache.Summarize(minutes, s_buckets, 1, "*", _ => true);
        var second = cache.Summarize(minutes, s_buckets, 1, "*", _ => true);
        Assert.Same(first[0], second[0]);
        Assert.Same(first[1], second[1]);
        Assert.NotSame(first[2], second[2]); // cut short by the range: aggregated on every request

        // An interaction timed in the first (closed) bucket arrives late.
        minutes.Add(Feature(From.AddMinutes(3), selfAgreement: 0.2, categories: ["pii-leak"]));
        var late = cache.Summarize(minutes, s_buckets, 1, "*", _ => true);
        Assert.Equal(first[0].Count + 1, late[0].Count);
        Assert.Same(first[1], late[1]);

        // A drawn score patched into a feature of the second bucket.
        var patched = minutes.Before(From.AddMinutes(30)).First(f => f.Timestamp >= From.AddMinutes(15));
        minutes.Replace(patched, patched with { SelfAgreement = 0.5 });
        var after = cache.Summarize(minutes, s_buckets, 1, "*", _ => true);
        Assert.Same(late[0], after[0]);
        Assert.NotSame(late[1], after[1]);
        Assert.Equal(first[1].Scores["atlas@1"].N + (patched.SelfAgreement is null ? 1 : 0), after[1].Scores["atlas@1"].N);
    }

    [Fact]
    public void Aggregates_are_kept_per_scope_and_a_removed_feature_is_seen()
    {
        var features = Spread(180).Select((f, i) => f with { Project = i % 3 == 0 ? "a" : "b" }).ToList();
        var minutes = Index(features);
        var cache = new TrafficSummaryCache();

        var all = cache.Summarize(minutes, s_buckets, 1, "*", _ => true);
        var onlyA = cache.Summarize(minutes, s_buckets, 1, "a", f => f.Project == "a");
        Assert.Equal(features.Count(f => f.Project == "a" && f.Timestamp < From.AddMinutes(40)), onlyA.Aggregates.Sum(b => b.Count));
        Assert.True(all.Aggregates.Sum(b => b.Count) > onlyA.Aggregates.Sum(b => b.Count));

        Assert.True(minutes.Remove(features[0]));
        var trimmed = cache.Summarize(minutes, s_buckets, 1, "*", _ => true);
        Assert.Equal(all.Aggregates[0].Count - 1, trimmed.Aggregates[0].Count); // features[0] is in the reference bucket
    }

    /// <summary>One feature every 20 seconds from 15 minutes before the range, every fourth scored, every fifth flagged.</summary>
    private static List<InteractionFeatures> Spread(int count) =>
        [.. Enumerable.Range(0, count).Select(i => Feature(From.AddMinutes(-15).AddSeconds(i * 20), selfAgreement: i % 4 == 0 ? 0.9 : null,
            categories: i % 5 == 0 ? ["pii-leak"] : []))];

    private static FeatureMinutes Index(IEnumerable<InteractionFeatures> features)
    {
        var minutes = new FeatureMinutes();
        foreach (var feature in features)
            minutes.Add(feature);
        return minutes;
    }

    private static IEnumerable<ScoreMoments> SelfAgreementValues(TrafficSummary summary) =>
        summary.Aggregates.SelectMany(b => b.Scores.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value));
}
