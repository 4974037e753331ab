using Assay.Monitoring;

namespace Assay.Validation;

/// <summary>Writes one of Assay's drift reports as a Markdown table, one row per feature.</summary>
internal static class DriftTable
{
    public static int RawRejections(DriftReport report) =>
        report.Features.Count(f => f.Test is { } test && test.PValue < report.Alpha);

    public static int Tested(DriftReport report) => report.Features.Count(f => f.Test is not null);

    public static void Write(MarkdownReport report, DriftReport drift) =>
        report.Table(
            ["feature", "n (ref / cur)", "test", "statistic", "p", "p (BH)", "PSI", "JS distance", "verdict", "note"],
            drift.Features.Select(f => new[]
            {
                f.Feature, $"{f.ReferenceCount} / {f.CurrentCount}", f.Test?.Test ?? "—", MarkdownReport.Number(f.Test?.Statistic ?? double.NaN),
                MarkdownReport.P(f.Test?.PValue ?? double.NaN), MarkdownReport.P(f.AdjustedPValue), MarkdownReport.Number(f.Psi),
                MarkdownReport.Number(f.JensenShannon),
                f.Verdict switch { DriftVerdict.Drifted => "**drifted**", DriftVerdict.Stable => "stable", _ => "insufficient data" },
                f.Test?.Note ?? "",
            }));
}
