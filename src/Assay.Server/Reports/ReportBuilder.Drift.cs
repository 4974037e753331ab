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
    /// <summary>Where the report reads traffic from: the start of the previous window, or of the chart's first reference buckets if earlier.</summary>
    private static DateTimeOffset DriftReadFrom(DateTimeOffset from, DateTimeOffset to)
    {
        var buckets = TimeBuckets.Choose(from, to);
        var chartReference = buckets.Start - (buckets.Width * DriftChart.ReferenceBuckets);
        var previous = from - (to - from);
        return previous < chartReference ? previous : chartReference;
    }

    private static ReportSection Drift(ReportTraffic traffic, PolicyDocument policy, IReadOnlyList<StoredAlertEvent> alerts, DateTimeOffset from, DateTimeOffset to)
    {
        const string Title = "Traffic drift against the previous window";
        var options = DriftOptions.Default;
        var previous = from - (to - from);
        var reference = traffic.Features.Where(f => f.Timestamp >= previous && f.Timestamp < from).ToList();
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
        var rules = MonitorReader.Read(policy).Rules.Where(r => r.Metric == MonitorMetric.Drift).ToList();
        var ids = rules.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var markers = alerts.Where(e => e.Alert.State == AlertState.Firing && ids.Contains(e.Alert.RuleId))
            .Select(e => new ChartMarker(e.Alert.FiredAt, e.Alert.Key == MonitorEvaluator.AllKey ? e.Alert.RuleId : $"{e.Alert.RuleId} [{e.Alert.Key}]")).ToList();
        var buckets = TimeBuckets.Choose(from, to);
        var chart = DriftChart.Build(traffic.Features, buckets, options, rules.Select(r => r.MinPsi).DefaultIfEmpty(0).Min()) with { Markers = markers };
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
