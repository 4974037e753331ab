using System.Globalization;
using Assay.Statistics.Drift;

namespace Assay.Cli.Commands.Statistics;

/// <summary>Compares two CSV files column by column: a test per column type, then a correction across columns.</summary>
/// <remarks>
/// Defaults: numeric columns use the two-sample Kolmogorov–Smirnov test, categorical columns Pearson's chi-square;
/// p-values are adjusted with Benjamini–Hochberg; a column drifts when its adjusted p-value is below alpha.
/// Empty cells are missing values and are skipped.
/// </remarks>
internal static class DriftAnalysis
{
    public static IReadOnlyList<DriftColumnResult> Compare(
        CsvFile reference,
        CsvFile current,
        ISet<string> categorical,
        string categoricalTest,
        string correction,
        double alpha)
    {
        if (!reference.Header.SequenceEqual(current.Header, StringComparer.Ordinal))
        {
            throw new InputFileException(current.Name, 1, $"the header differs from {reference.Name}'s");
        }

        foreach (var name in categorical)
        {
            if (!reference.Header.Contains(name, StringComparer.Ordinal))
            {
                throw new InputFileException(reference.Name, 1, $"--categorical names '{name}', which is not a column");
            }
        }

        var results = new List<DriftColumnResult>();
        for (var c = 0; c < reference.Header.Count; c++)
        {
            var name = reference.Header[c];
            results.Add(categorical.Contains(name)
                ? Categorical(name, Cells(reference, c), Cells(current, c), categoricalTest)
                : Numeric(name, Numbers(reference, c, name), Numbers(current, c, name)));
        }

        var p = results.Select(r => r.PValue).ToArray();
        var adjusted = correction switch
        {
            "holm" => MultipleTesting.Holm(p),
            "none" => p,
            _ => MultipleTesting.BenjaminiHochberg(p),
        };

        return [.. results.Select((r, i) => r with { PAdjusted = adjusted[i], Drift = adjusted[i] < alpha })];
    }

    private static DriftColumnResult Numeric(string name, double[] reference, double[] current)
    {
        if (reference.Length == 0 || current.Length == 0)
        {
            return Empty(name, "numeric", "ks", reference.Length, current.Length);
        }

        var ks = KolmogorovSmirnov.TwoSample(reference, current);
        return new DriftColumnResult(
            name, "numeric", "ks", ks.Statistic, ks.PValue, double.NaN, false, reference.Length, current.Length,
            DistributionDistance.PopulationStabilityIndex(reference, current),
            DistributionDistance.JensenShannon(reference, current),
            DistributionDistance.Wasserstein(reference, current),
            ks.Note);
    }

    private static DriftColumnResult Categorical(string name, List<string> reference, List<string> current, string test)
    {
        if (reference.Count == 0 || current.Count == 0)
        {
            return Empty(name, "categorical", test, reference.Count, current.Count);
        }

        var table = ContingencyTable.FromValues(reference, current);
        var result = test == "g-test"
            ? HomogeneityTest.GTest(table.Reference, table.Current)
            : HomogeneityTest.ChiSquare(table.Reference, table.Current);
        return new DriftColumnResult(
            name, "categorical", result.Test, result.Statistic, result.PValue, double.NaN, false, reference.Count, current.Count,
            DistributionDistance.PopulationStabilityIndex(table.Reference, table.Current),
            DistributionDistance.JensenShannon(table.Reference, table.Current),
            double.NaN,
            result.Note);
    }

    private static DriftColumnResult Empty(string name, string type, string test, int n1, int n2) =>
        new(name, type, test, double.NaN, double.NaN, double.NaN, false, n1, n2, double.NaN, double.NaN, double.NaN, "no values in one of the files: not tested");

    private static List<string> Cells(CsvFile file, int column) =>
        [.. file.Rows.Select(r => r.Fields[column].Trim()).Where(v => v.Length > 0)];

    private static double[] Numbers(CsvFile file, int column, string name)
    {
        var values = new List<double>(file.Rows.Count);
        foreach (var (line, fields) in file.Rows)
        {
            var text = fields[column].Trim();
            if (text.Length == 0)
            {
                continue;
            }

            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                throw new InputFileException(file.Name, line, $"column '{name}': '{text}' is not a number (mark the column with --categorical {name})");
            }

            values.Add(value);
        }

        return [.. values];
    }
}
