using Assay.Monitoring;

namespace Assay.Reporting;

/// <summary>Builds the drift chart: each bucket's features against the buckets just before it, as −log10 of the smallest adjusted p-value.</summary>
/// <remarks>
/// The reference is the trailing <see cref="ReferenceBuckets"/> buckets, not a fixed early part of the range: a fixed
/// reference is empty when traffic starts mid-range (the demo's hour holds 17 minutes of traffic), and once a mix has moved
/// for good it calls every later bucket drifted. The trailing window asks what the monitor rules ask — is this bucket unlike
/// what came just before — so a step shows as a spike that fades as the reference catches up. Pure and thread-safe.
/// </remarks>
public static class DriftChart
{
    public const string Id = "drift";

    /// <summary>Buckets before each bucket that form its reference window.</summary>
    public const int ReferenceBuckets = 4;

    /// <summary>The cap on −log10 p, so that one p-value of 1e-300 does not flatten every other point.</summary>
    public const double MaxScore = 10;

    /// <summary>Interactions a bucket contributes at most; a fuller bucket is thinned evenly (every k-th in time order).</summary>
    /// <remarks>
    /// Keeps the cost of a point bounded whatever the traffic (at 100,000 a day a 6-hour bucket holds 25,000). 250
    /// against 1,000 still detects a shift of ten points in a share; the monitors test every interaction.
    /// </remarks>
    public const int MaxPerBucket = 250;

    /// <param name="features">The features of the range and, for the first buckets' references, of the <see cref="ReferenceBuckets"/> buckets before it.</param>
    /// <param name="minPsi">The drift monitor's PSI guard (<c>min_psi</c>): it alerts only on a drifted feature with at least this PSI; 0 when none.</param>
    public static TimeSeriesChart Build(IReadOnlyList<InteractionFeatures> features, TimeBuckets buckets, DriftOptions? options = null, double minPsi = 0) =>
        Build(TrafficSummary.From(features, buckets, ReferenceBuckets), options, minPsi);

    /// <param name="summary">The range's buckets after <see cref="ReferenceBuckets"/> reference buckets.</param>
    /// <param name="minPsi">The drift monitor's PSI guard (<c>min_psi</c>): it alerts only on a drifted feature with at least this PSI; 0 when none.</param>
    /// <param name="memo">Points already computed from the same bucket aggregates, reused; null computes every point.</param>
    public static TimeSeriesChart Build(TrafficSummary summary, DriftOptions? options = null, double minPsi = 0, ChartMemo? memo = null)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.Before != ReferenceBuckets)
            throw new ArgumentException($"The drift chart needs {ReferenceBuckets} reference buckets before the range.", nameof(summary));
        var buckets = summary.Buckets;
        // Asymptotic KS: the exact p-value costs n·m per feature (a 385-against-1,540 hour took seconds), and the chart's
        // windows are large enough for the asymptotic one. The monitors keep their own setting.
        options = (options ?? DriftOptions.Default) with { KsMethod = Assay.Statistics.Drift.KolmogorovSmirnovMethod.Asymptotic };
        var points = new ChartPoint[buckets.Count];
        Parallel.For(0, buckets.Count, i =>
        {
            var window = new TrafficBucket[ReferenceBuckets + 1];
            for (var j = 0; j <= ReferenceBuckets; j++)
                window[j] = summary.Aggregates[i + j];
            var at = buckets.MiddleOf(i);
            if (memo?.Drift(window, at, options, minPsi) is { } known)
            {
                points[i] = known;
                return;
            }

            points[i] = Point(window, at, options, minPsi);
            memo?.RememberDrift(window, points[i], options, minPsi);
        });
        return Chart([.. points], buckets, options, minPsi);
    }

    /// <summary>The point of one bucket (the window's last) against the buckets before it (the window's others).</summary>
    private static ChartPoint Point(TrafficBucket[] window, DateTimeOffset at, DriftOptions options, double minPsi)
    {
        var current = window[^1].DriftSample;
        var reference = window[..^1].SelectMany(b => b.DriftSample).ToList();
        if (current.Count < options.MinSamples || reference.Count < options.MinSamples)
            return ChartPoint.Gap(at);
        var tested = DriftComparison.Compare(reference, current, options).Features.Where(f => f.Verdict != DriftVerdict.InsufficientData).ToList();
        if (tested.Count == 0)
            return ChartPoint.Gap(at);
        var smallest = tested.MinBy(f => f.AdjustedPValue)!;
        var score = Math.Min(MaxScore, -Math.Log10(Math.Max(smallest.AdjustedPValue, double.Epsilon)));
        var guarded = minPsi > 0 && smallest.AdjustedPValue <= options.Alpha && !tested.Any(f => f.Verdict == DriftVerdict.Drifted && !(f.Psi < minPsi));
        return new ChartPoint(at, score, Note: FormattableString.Invariant(
            $"smallest adjusted p {smallest.AdjustedPValue:0.###E+0} ({smallest.Feature}, PSI {smallest.Psi:0.###}); {tested.Count} features, {current.Count} against {reference.Count} interactions{(guarded ? $"; no alert: no drifted feature has PSI {minPsi:0.###} or more" : "")}"));
    }

    private static TimeSeriesChart Chart(List<ChartPoint> points, TimeBuckets buckets, DriftOptions options, double minPsi)
    {
        return new TimeSeriesChart(Id, "Drift",
            FormattableString.Invariant($"Each {buckets.WidthText} bucket against the {ReferenceBuckets} buckets before it: KS for numeric features, chi-square for categorical ones, Benjamini–Hochberg across them; drawn as −log10 of the smallest adjusted p (capped at {MaxScore:0}), so higher is stronger evidence. Points need {options.MinSamples} interactions in each window; a bucket is thinned evenly to at most {MaxPerBucket:N0}, and KS p-values are asymptotic.{(minPsi > 0 ? FormattableString.Invariant($" The drift monitor has a PSI guard (min_psi {minPsi:0.###}): a point above the alpha line raises no alert unless a drifted feature's PSI reaches it.") : "")}"),
            "−log10 adjusted p", buckets.From, buckets.To, [new ChartSeries("smallest adjusted p", points)])
        {
            YMin = 0,
            Threshold = -Math.Log10(options.Alpha),
            // The monitor alerts only when a drifted feature also moved by min_psi; without saying so, a point above the line
            // with no alert marker looks like a missed alert.
            ThresholdLabel = minPsi > 0
                ? FormattableString.Invariant($"alpha {options.Alpha:0.###}; alerts also need PSI ≥ {minPsi:0.###}")
                : FormattableString.Invariant($"alpha {options.Alpha:0.###}: above it, a feature drifted"),
            EmptyText = FormattableString.Invariant($"Too little traffic: drift needs {options.MinSamples} interactions in a bucket and in the {ReferenceBuckets} before it"),
        };
    }
}
