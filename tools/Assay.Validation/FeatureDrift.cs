using Assay.Statistics.Drift;

namespace Assay.Validation;

/// <summary>Compares two feature tables feature by feature with the statistics unit's tests, then corrects across features (Benjamini–Hochberg).</summary>
internal static class FeatureDrift
{
    public const double Alpha = 0.05;

    public static IReadOnlyList<FeatureDriftRow> Compare(FeatureTable reference, FeatureTable current)
    {
        var rows = new List<FeatureDriftRow>();
        for (var f = 0; f < reference.Features.Count; f++)
        {
            var name = reference.Features[f].Name;
            if (reference.Features[f].IsCategorical)
            {
                var table = ContingencyTable.FromValues(reference.Categories(f), current.Categories(f));
                var test = HomogeneityTest.ChiSquare(table.Reference, table.Current);
                var psi = DistributionDistance.PopulationStabilityIndex(table.Reference, table.Current);
                rows.Add(new FeatureDriftRow(name, test.Test, test.Statistic, test.PValue, double.NaN, psi, test.Note));
            }
            else
            {
                var test = KolmogorovSmirnov.TwoSample(reference.Numbers(f), current.Numbers(f));
                var psi = DistributionDistance.PopulationStabilityIndex(reference.Numbers(f), current.Numbers(f));
                rows.Add(new FeatureDriftRow(name, test.Test, test.Statistic, test.PValue, double.NaN, psi, test.Note));
            }
        }

        var adjusted = MultipleTesting.BenjaminiHochberg([.. rows.Select(r => r.PValue)]);
        return [.. rows.Select((r, i) => r with { PAdjusted = adjusted[i] })];
    }

    /// <summary>Features whose adjusted p-value is below <see cref="Alpha"/>.</summary>
    public static int Drifted(IReadOnlyList<FeatureDriftRow> rows) => rows.Count(r => r.PAdjusted < Alpha);

    /// <summary>Features whose raw p-value is below <see cref="Alpha"/>.</summary>
    public static int RawRejections(IReadOnlyList<FeatureDriftRow> rows) => rows.Count(r => r.PValue < Alpha);

    public static void Write(MarkdownReport report, IReadOnlyList<FeatureDriftRow> rows) =>
        report.Table(
            ["feature", "test", "statistic", "p", "p (BH)", "PSI", "drift at α = 0.05", "note"],
            rows.Select(r => new[]
            {
                r.Feature, r.Test, MarkdownReport.Number(r.Statistic), MarkdownReport.P(r.PValue), MarkdownReport.P(r.PAdjusted),
                MarkdownReport.Number(r.Psi), r.PAdjusted < Alpha ? "**yes**" : "no", r.Note ?? "",
            }));
}
