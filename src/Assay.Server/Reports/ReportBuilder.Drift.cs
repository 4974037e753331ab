using System.Globalization;
using Assay.Monitoring;
using Assay.Policy;
using Assay.Reporting;
using Assay.Storage;

namespace Assay.Server.Reports;

/// <summary>The report's drift section: the window's traffic features against the window of equal length just before it.</summary>
/// <remarks>
/// The previous window, not a monitor's fixed baseline, because a lead handing on a period's report is asked "did this
/// period differ from the last one"; the monitors' own verdicts, against their own references, are the alerts section.
/// Every test here is deterministic (KS, chi-square, Benjamini–Hochberg, PSI, Jensen–Shannon: no resampling), so no seed
/// is needed for the same window to give the same bytes.
/// </remarks>
public static partial class ReportBuilder
{
    /// <summary>The most buckets the drift chart is cut into: as on the dashboard, about a screen's width of points.</summary>
    private const int MaxDriftBuckets = 48;

    /// <param name="traffic">The processed interactions from the start of the previous window to the window's end.</param>
    private static async Task<ReportSection> DriftAsync(IInteractionStore store, ReportTraffic traffic, PolicyDocument policy, IReadOnlyList<StoredAlertEvent> alerts,
        ReportRequest request, CancellationToken cancellationToken)
    {
        const string Title = "Traffic drift against the previous window";
        var (from, to) = (request.From, request.To);
        var options = DriftOptions.Default;
        var previous = from - (to - from);
        var reference = traffic.Features.Where(f => f.Timestamp < from).ToList();
        var current = traffic.Features.Where(f => f.Timestamp >= from).ToList();
        var comparison = DriftComparison.Compare(reference, current, options);
        var lead = $"The window's {Count(current.Count)} processed interactions against the {Count(reference.Count)} of the window of equal length just before it "
            + $"({Time(previous)} to {Time(from)}): Kolmogorov–Smirnov for numeric features, chi-square for categorical ones, Benjamini–Hochberg across them "
            + $"at a false discovery rate of {Decimal(options.Alpha, 2)}; PSI and the Jensen–Shannon distance say how large a shift is.";
        if (comparison.Features.All(f => f.Verdict == DriftVerdict.InsufficientData))
        {
            return new ReportSection(Title,
            [
                new ReportParagraph($"{lead} Too little traffic to test: every feature needs at least {Count(options.MinSamples)} observations in each window."),
            ]);
        }

        var drifted = comparison.Drifted;
        var verdict = drifted.Count == 0
            ? " Verdict: no feature drifted."
            : $" Verdict: {Count(drifted.Count)} feature(s) drifted: {string.Join(", ", drifted)}.";
        // Buckets wide enough to hold about twice the interactions a point needs, so that a quiet window still gets a line
        // (the dashboard's fixed widths leave a low-volume hour with no point at all).
        var buckets = TimeBuckets.Choose(from, to, Math.Clamp(current.Count / (2 * options.MinSamples), 1, MaxDriftBuckets));
        var chartFrom = buckets.Start - (buckets.Width * DriftChart.ReferenceBuckets);
        var features = traffic.Features;
        if (chartFrom < previous)
            features = [.. (await ReportTraffic.ReadAsync(store, request.Project, chartFrom, previous, cancellationToken)).Features, .. features];
        var rules = MonitorReader.Read(policy).Rules.Where(r => r.Metric == MonitorMetric.Drift).ToList();
        var ids = rules.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var markers = alerts.Where(e => e.Alert.State == AlertState.Firing && ids.Contains(e.Alert.RuleId))
            .Select(e => new ChartMarker(e.Alert.FiredAt, e.Alert.Key == MonitorEvaluator.AllKey ? e.Alert.RuleId : $"{e.Alert.RuleId} [{e.Alert.Key}]")).ToList();
        var chart = DriftChart.Build(features, buckets, options, rules.Select(r => r.MinPsi).DefaultIfEmpty(0).Min()) with { Markers = markers };
        var rows = comparison.Features.Select(f => (IReadOnlyList<string>)[f.Feature, f.Test?.Test ?? "not tested", Count(f.ReferenceCount), Count(f.CurrentCount),
            f.Test is { } test ? Decimal(test.Statistic) : "n/a", PValue(f.Test?.PValue ?? double.NaN), PValue(f.AdjustedPValue), Finite(f.Psi), Finite(f.JensenShannon),
            DriftVerdictText(f.Verdict)]).ToList();
        return new ReportSection(Title,
        [
            new ReportParagraph(lead + verdict),
            new ReportFigure(SvgLineChart.Render(chart),
                $"Drift through the window: each {buckets.WidthText} bucket against the {DriftChart.ReferenceBuckets} buckets before it, drawn as −log10 of the smallest adjusted p (higher is stronger evidence; the dashed line is alpha), with the drift monitors' alerts marked."),
            new ReportTable(["feature", "test", "previous window", "this window", "statistic", "p", "adjusted p", "PSI", "Jensen–Shannon", "verdict"],
                rows, [false, false, true, true, true, true, true, true, true, false]),
        ]);
    }

    private static string DriftVerdictText(DriftVerdict verdict) => verdict switch
    {
        DriftVerdict.Drifted => "drifted",
        DriftVerdict.Stable => "stable",
        _ => "insufficient data",
    };

    private static string Finite(double value) => double.IsFinite(value) ? Decimal(value) : "n/a";

    /// <summary>A p-value with three decimals, or in scientific notation when it is smaller than that shows.</summary>
    private static string PValue(double p) => !double.IsFinite(p) ? "n/a"
        : p >= 0.001 ? Decimal(p)
        : p.ToString("0.0E+0", CultureInfo.InvariantCulture);
}
