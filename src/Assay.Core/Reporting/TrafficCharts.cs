using Assay.Monitoring;
using Assay.Statistics.Intervals;

namespace Assay.Reporting;

/// <summary>Builds the traffic charts from interaction features: volume, flag rate per category, self-agreement per model version.</summary>
/// <remarks>Pure and thread-safe. Features are placed by their timestamp; those outside the buckets, or without one, are left out.</remarks>
public static class TrafficCharts
{
    public const string VolumeId = "volume";
    public const string FlagRateId = "flag-rate";
    public const string SelfAgreementId = "self-agreement";

    /// <summary>Fewest scores behind a self-agreement point: below it the normal interval on the mean is too optimistic.</summary>
    public const int MinScores = 30;

    /// <summary>The two-sided 95% normal critical value.</summary>
    private const double Z95 = 1.959963984540054;

    /// <summary>Processed interactions per bucket; an empty bucket is a true zero, not a gap.</summary>
    public static TimeSeriesChart Volume(IReadOnlyList<InteractionFeatures> features, TimeBuckets buckets) => Volume(TrafficSummary.From(features, buckets));

    /// <inheritdoc cref="Volume(IReadOnlyList{InteractionFeatures}, TimeBuckets)"/>
    public static TimeSeriesChart Volume(TrafficSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var buckets = summary.Buckets;
        var points = new List<ChartPoint>(buckets.Count);
        for (var i = 0; i < buckets.Count; i++)
            points.Add(new ChartPoint(buckets.MiddleOf(i), summary[i].Count));
        return new TimeSeriesChart(VolumeId, "Volume", $"Processed interactions per {buckets.WidthText} bucket, by interaction time; the last bucket may still be filling.",
            "interactions", buckets.From, buckets.To, [new ChartSeries("interactions", points)])
        { YMin = 0 };
    }

    /// <summary>Lines the flag-rate chart draws: the most flagged categories, then one line for the rest folded together.</summary>
    public const int TopCategories = 4;

    /// <summary>Share of a bucket's interactions with a flag of each of the most flagged categories, with Wilson 95% score intervals.</summary>
    /// <remarks>
    /// Eight categories as eight lines with eight bands cannot be read apart, least of all at one-minute buckets. The
    /// <see cref="TopCategories"/> categories with the most flags in the range get a line each, most flagged first; the others
    /// are folded into one "other" line: the share with a flag of any of them.
    /// </remarks>
    /// <param name="categories">Categories to count even when no interaction in the range has them (the taxonomy); observed ones are always counted.</param>
    public static TimeSeriesChart FlagRates(IReadOnlyList<InteractionFeatures> features, TimeBuckets buckets, IEnumerable<string>? categories = null) =>
        FlagRates(TrafficSummary.From(features, buckets), categories);

    /// <inheritdoc cref="FlagRates(IReadOnlyList{InteractionFeatures}, TimeBuckets, IEnumerable{string})"/>
    public static TimeSeriesChart FlagRates(TrafficSummary summary, IEnumerable<string>? categories = null)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var buckets = summary.Buckets;
        var totals = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var category in categories ?? [])
            totals.TryAdd(category, 0);
        for (var i = 0; i < buckets.Count; i++)
        {
            foreach (var (set, count) in summary[i].FlagSets)
            {
                foreach (var category in set)
                    totals[category] = totals.GetValueOrDefault(category) + count;
            }
        }

        var ranked = totals.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key).ToList();
        // Folding a single category would only rename it.
        var top = ranked.Count <= TopCategories + 1 ? ranked : ranked[..TopCategories];
        var rest = ranked.Skip(top.Count).ToHashSet(StringComparer.Ordinal);
        // Column j < top.Count is that category, the last is "any folded one"; each set of categories is counted once per bucket.
        var index = top.Select((c, j) => (c, j)).ToDictionary(p => p.c, p => p.j, StringComparer.Ordinal);
        var counts = new int[buckets.Count][];
        for (var i = 0; i < buckets.Count; i++)
        {
            var row = counts[i] = new int[top.Count + 1];
            foreach (var (set, count) in summary[i].FlagSets)
            {
                var anyFolded = false;
                foreach (var category in set)
                {
                    if (index.TryGetValue(category, out var j))
                        row[j] += count;
                    else
                        anyFolded = true;
                }

                if (anyFolded)
                    row[^1] += count;
            }
        }

        ChartSeries Series(string name, int column)
        {
            var points = new List<ChartPoint>(buckets.Count);
            for (var i = 0; i < buckets.Count; i++)
            {
                var total = summary[i].Count;
                if (total == 0)
                {
                    points.Add(ChartPoint.Gap(buckets.MiddleOf(i)));
                    continue;
                }

                var count = counts[i][column];
                var (low, high) = ProportionInterval.Wilson(count, total);
                points.Add(new ChartPoint(buckets.MiddleOf(i), (double)count / total, low, high, $"{count} of {total} interactions"));
            }

            return new ChartSeries(name, points);
        }

        var series = top.Select((category, j) => Series(category, j)).ToList();
        if (rest.Count > 0)
            series.Add(Series($"other {rest.Count} categories", top.Count));
        var folded = rest.Count > 0 ? $" The {TopCategories} most flagged categories are drawn; the other {rest.Count} ({string.Join(", ", rest.Order(StringComparer.Ordinal))}) are folded into one line." : "";
        return new TimeSeriesChart(FlagRateId, "Flag rate by category",
            $"Share of processed interactions per {buckets.WidthText} bucket with at least one flag of each category; shaded: 95% Wilson score interval. A bucket without traffic is a gap.{folded}",
            "share flagged", buckets.From, buckets.To, series)
        { YMin = 0, EmptyText = "No flags and no traffic in this range" };
    }

    /// <summary>Mean self-agreement per bucket and model version, with a normal 95% interval on the mean.</summary>
    /// <remarks>
    /// Normal, not t: a point needs <see cref="MinScores"/> scores, where t's critical value is within 5% of 1.96. The
    /// interval is mean ± 1.96·s/√n, clipped to [0, 1] (scores are bounded, and mostly 1 with rare deep drops, so the
    /// interval says how well the mean is known, not where single scores fall).
    /// </remarks>
    public static TimeSeriesChart SelfAgreement(IReadOnlyList<InteractionFeatures> features, TimeBuckets buckets) => SelfAgreement(TrafficSummary.From(features, buckets));

    /// <inheritdoc cref="SelfAgreement(IReadOnlyList{InteractionFeatures}, TimeBuckets)"/>
    public static TimeSeriesChart SelfAgreement(TrafficSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var buckets = summary.Buckets;
        var versions = Enumerable.Range(0, buckets.Count).SelectMany(i => summary[i].Scores.Keys)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var series = versions.Select(version =>
        {
            var points = new List<ChartPoint>(buckets.Count);
            for (var i = 0; i < buckets.Count; i++)
            {
                var (n, mean, m2) = summary[i].Scores.GetValueOrDefault(version);
                if (n < MinScores)
                {
                    points.Add(ChartPoint.Gap(buckets.MiddleOf(i)));
                    continue;
                }

                var half = Z95 * Math.Sqrt(m2 / (n - 1)) / Math.Sqrt(n);
                points.Add(new ChartPoint(buckets.MiddleOf(i), mean, Math.Max(0, mean - half), Math.Min(1, mean + half), $"{n} scores"));
            }

            return new ChartSeries(version, points);
        }).ToList();
        return new TimeSeriesChart(SelfAgreementId, "Self-agreement by model version",
            $"Mean self-agreement score per {buckets.WidthText} bucket and model version, over interactions with samples; shaded: 95% normal interval on the mean (mean ± 1.96·s/√n). Points need {MinScores} scores.",
            "mean score", buckets.From, buckets.To, series)
        {
            YMax = 1,
            EmptyText = versions.Count == 0 ? "No interaction with samples in this range" : $"Too few scores: a point needs {MinScores} from one model version in one bucket",
        };
    }

    /// <summary>The features of each bucket; with <paramref name="before"/> > 0, that many earlier buckets come first (index 0 is the earliest).</summary>
    internal static List<InteractionFeatures>[] Split(IReadOnlyList<InteractionFeatures> features, TimeBuckets buckets, int before = 0)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(buckets);
        var split = new List<InteractionFeatures>[buckets.Count + before];
        for (var i = 0; i < split.Length; i++)
            split[i] = [];
        foreach (var feature in features)
        {
            if (feature.Timestamp is not { } at)
                continue;
            var index = buckets.IndexOf(at) + before;
            // The earlier buckets are a drift reference and may hold anything before the range; the range's own, only the range.
            if (index >= 0 && index < split.Length && (index < before ? at < buckets.From : buckets.InRange(at)))
                split[index].Add(feature);
        }

        return split;
    }
}
