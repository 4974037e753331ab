using Assay.Monitoring;
using Assay.Reporting;
using Assay.Statistics.Intervals;
using static Assay.Core.Tests.Reporting.ChartFixtures;

namespace Assay.Core.Tests.Reporting;

public sealed class TrafficChartsTests
{
    private static readonly TimeBuckets s_buckets = new(From, TimeSpan.FromMinutes(1), 3);

    [Fact]
    public void FlagRates_match_Wilson_intervals_from_the_statistics_unit_and_break_at_empty_buckets()
    {
        // Minute 0: 7 of 40 flagged pii-leak, 2 prompt-injection; minute 1: no traffic; minute 2: 10 interactions, none flagged.
        var features = new List<InteractionFeatures>();
        for (var i = 0; i < 40; i++)
            features.Add(Feature(From.AddSeconds(i), categories: i < 7 ? ["pii-leak"] : i < 9 ? ["prompt-injection"] : []));
        for (var i = 0; i < 10; i++)
            features.Add(Feature(From.AddMinutes(2).AddSeconds(i)));

        var chart = TrafficCharts.FlagRates(features, s_buckets, ["hallucination"]);

        Assert.Equal(["pii-leak", "prompt-injection", "hallucination"], chart.Series.Select(s => s.Name));
        var pii = chart.Series.Single(s => s.Name == "pii-leak").Points;
        var (low, high) = ProportionInterval.Wilson(7, 40);
        Assert.Equal(7 / 40.0, pii[0].Value, 12);
        Assert.Equal(low, pii[0].Low, 12);
        Assert.Equal(high, pii[0].High, 12);
        Assert.Equal(From.AddSeconds(30), pii[0].At);
        Assert.True(pii[1].IsGap);
        Assert.Equal(0, pii[2].Value);
        Assert.Equal(ProportionInterval.Wilson(0, 10).High, pii[2].High, 12);
        Assert.True(chart.Series.Single(s => s.Name == "hallucination").Points[0].HasInterval);
    }

    [Fact]
    public void FlagRates_draw_the_most_flagged_categories_and_fold_the_rest_into_one_line()
    {
        // Category c0 flags 8 of 40 interactions, c1 7, …, c7 1: eight categories, of which the four most flagged get a line.
        var features = new List<InteractionFeatures>();
        for (var i = 0; i < 40; i++)
            features.Add(Feature(From.AddSeconds(i), categories: [.. Enumerable.Range(0, 8).Where(c => i < 8 - c).Select(c => $"c{c}")]));

        var chart = TrafficCharts.FlagRates(features, s_buckets);

        Assert.Equal(["c0", "c1", "c2", "c3", "other 4 categories"], chart.Series.Select(s => s.Name));
        // An interaction flagged with any folded category counts once: c4 is flagged on the first 4, the widest of the rest.
        Assert.Equal(4 / 40.0, chart.Series[^1].Points[0].Value, 12);
        Assert.Contains("(c4, c5, c6, c7) are folded", chart.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void SelfAgreement_is_one_series_per_model_version_with_a_normal_interval_on_the_mean()
    {
        var features = new List<InteractionFeatures>();
        for (var i = 0; i < 40; i++)
        {
            features.Add(Feature(From.AddSeconds(i), "atlas@2026-10-01", i % 4 == 0 ? 0.5 : 1));
            features.Add(Feature(From.AddSeconds(i), "atlas@2026-11-15", 0.9));
        }

        // Minute 1 has too few scores for a point; features without samples never count.
        for (var i = 0; i < TrafficCharts.MinScores - 1; i++)
            features.Add(Feature(From.AddMinutes(1).AddSeconds(i), "atlas@2026-10-01", 1));
        features.Add(Feature(From.AddMinutes(2), "atlas@unsampled"));

        var chart = TrafficCharts.SelfAgreement(features, s_buckets);

        Assert.Equal(["atlas@2026-10-01", "atlas@2026-11-15"], chart.Series.Select(s => s.Name));
        var old = chart.Series[0].Points[0];
        var scores = Enumerable.Range(0, 40).Select(i => i % 4 == 0 ? 0.5 : 1.0).ToArray();
        var mean = scores.Average();
        var half = 1.959963984540054 * Math.Sqrt(scores.Sum(s => (s - mean) * (s - mean)) / 39) / Math.Sqrt(40);
        Assert.Equal(0.875, old.Value, 12);
        Assert.Equal(mean - half, old.Low, 12);
        Assert.Equal(mean + half, old.High, 12);
        Assert.True(chart.Series[0].Points[1].IsGap);
        Assert.Equal(0.9, chart.Series[1].Points[0].Value, 12);
        Assert.Equal(0.9, chart.Series[1].Points[0].High, 12);
    }

    [Fact]
    public void Volume_counts_every_bucket_and_an_empty_one_is_zero()
    {
        var features = new[] { Feature(From), Feature(From.AddSeconds(59)), Feature(From.AddMinutes(2)), Feature(From.AddMinutes(3)), Feature(From.AddSeconds(-1)) };

        var points = Assert.Single(TrafficCharts.Volume(features, s_buckets).Series).Points;

        Assert.Equal([2.0, 0.0, 1.0], points.Select(p => p.Value));
    }

    [Fact]
    public void Drift_spikes_at_a_shift_in_the_topic_mix_and_needs_a_reference()
    {
        var start = Monitoring.Traffic.Start;
        var features = Monitoring.Traffic.Features(1, 3000, start);
        features.AddRange(Monitoring.Traffic.Features(2, 600, start.AddMinutes(5), shiftedMix: true));
        var buckets = new TimeBuckets(start, TimeSpan.FromMinutes(1), 6);

        var chart = DriftChart.Build(features, buckets);

        var points = Assert.Single(chart.Series).Points;
        Assert.True(points[0].IsGap); // nothing before the first minute to compare with
        Assert.True(points[5].Value > chart.Threshold, $"score {points[5].Value} at the shift");
        Assert.Contains("topic", points[5].Note, StringComparison.Ordinal);
        Assert.Equal(-Math.Log10(0.05), chart.Threshold!.Value, 12);
    }

    [Fact]
    public void Drift_says_on_the_chart_that_the_monitor_needs_the_PSI_guard_and_which_points_it_holds_back()
    {
        var start = Monitoring.Traffic.Start;
        var features = Monitoring.Traffic.Features(1, 3000, start);
        features.AddRange(Monitoring.Traffic.Features(2, 600, start.AddMinutes(5), shiftedMix: true));
        var buckets = new TimeBuckets(start, TimeSpan.FromMinutes(1), 6);

        var guarded = DriftChart.Build(features, buckets, minPsi: 10);
        var plain = DriftChart.Build(features, buckets);

        Assert.Equal("alpha 0.05; alerts also need PSI ≥ 10", guarded.ThresholdLabel);
        Assert.Contains("min_psi 10", guarded.Description, StringComparison.Ordinal);
        Assert.Contains("no alert: no drifted feature has PSI 10 or more", guarded.Series[0].Points[5].Note, StringComparison.Ordinal);
        Assert.Equal("alpha 0.05: above it, a feature drifted", plain.ThresholdLabel);
        Assert.DoesNotContain("no alert", plain.Series[0].Points[5].Note, StringComparison.Ordinal);
    }
}
