using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace Assay.Cli.Commands.Statistics;

/// <summary><c>assay drift REF CUR</c>: per-column shift tests between a reference and a current CSV file.</summary>
internal static class DriftCommand
{
    private static readonly string[] s_numericTests = ["ks"];
    private static readonly string[] s_categoricalTests = ["chi-square", "g-test"];

    public static Command Create()
    {
        var reference = new Argument<FileInfo>("reference") { Description = "Reference CSV file (the baseline)" };
        var current = new Argument<FileInfo>("current") { Description = "Current CSV file, with the same header" };
        var categorical = new Option<string?>("--categorical") { Description = "Comma-separated columns to treat as categorical (others are numeric)" };
        var test = new Option<string?>("--test")
        {
            Description = "Tests by column type, comma-separated: ks for numeric (default); chi-square (default) or g-test for categorical",
        };
        var correction = new Option<string>("--correction") { Description = "Multiple-testing correction: bh (Benjamini–Hochberg), holm or none", DefaultValueFactory = _ => "bh" };
        correction.AcceptOnlyFromAmong("bh", "holm", "none");
        var alpha = new Option<double>("--alpha") { Description = "A column drifts when its adjusted p-value is below this", DefaultValueFactory = _ => 0.05 };
        var format = StatisticsOptions.Format();

        var command = new Command("drift", "Test every column of two CSV files for a shift in distribution")
        {
            reference, current, categorical, test, correction, alpha, format,
        };
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            var categoricalTest = "chi-square";
            foreach (var name in Split(parse.GetValue(test)))
            {
                if (s_categoricalTests.Contains(name))
                {
                    categoricalTest = name;
                }
                else if (!s_numericTests.Contains(name))
                {
                    return StatisticsOptions.Fail(error, "drift", $"unknown test '{name}'; numeric: ks; categorical: chi-square, g-test");
                }
            }

            if (!StatisticsOptions.ValidConfidence(parse.GetValue(alpha)))
            {
                return StatisticsOptions.Fail(error, "drift", "--alpha must lie strictly between 0 and 1");
            }

            try
            {
                var results = DriftAnalysis.Compare(
                    CsvFile.Read(parse.GetValue(reference)!.ToString()),
                    CsvFile.Read(parse.GetValue(current)!.ToString()),
                    Split(parse.GetValue(categorical)).ToHashSet(StringComparer.Ordinal),
                    categoricalTest,
                    parse.GetValue(correction)!,
                    parse.GetValue(alpha));
                parse.InvocationConfiguration.Output.Write(parse.GetValue(format) == "json" ? Json(results) : Table(results));
                return 0;
            }
            catch (InputFileException e)
            {
                return StatisticsOptions.Fail(error, "drift", e.Message);
            }
        });
        return command;
    }

    internal static string Json(IReadOnlyList<DriftColumnResult> results) => StatisticsJson.Write(writer =>
    {
        writer.WriteStartArray();
        foreach (var r in results)
        {
            writer.WriteStartObject();
            writer.WriteString("column", r.Column);
            writer.WriteString("type", r.Type);
            writer.WriteString("test", r.Test);
            StatisticsJson.Number(writer, "statistic", r.Statistic);
            StatisticsJson.Number(writer, "p_value", r.PValue);
            StatisticsJson.Number(writer, "p_adjusted", r.PAdjusted);
            writer.WriteBoolean("drift", r.Drift);
            writer.WriteNumber("n_reference", r.ReferenceCount);
            writer.WriteNumber("n_current", r.CurrentCount);
            StatisticsJson.Number(writer, "psi", r.Psi);
            StatisticsJson.Number(writer, "js_distance", r.JensenShannon);
            StatisticsJson.Number(writer, "wasserstein", r.Wasserstein);
            if (r.Note is not null)
            {
                writer.WriteString("note", r.Note);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }) + Environment.NewLine;

    private static string Table(IReadOnlyList<DriftColumnResult> results)
    {
        static string F(double v, string format = "0.0000") => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "-";
        var table = new Table();
        foreach (var header in new[] { "Column", "Type", "Test", "Statistic", "p", "p adj.", "Drift", "PSI", "JS dist.", "Note" })
        {
            table.AddColumn(header);
        }

        foreach (var r in results)
        {
            table.AddRow(
                Markup.Escape(r.Column), r.Type, r.Test, F(r.Statistic), F(r.PValue, "0.####E+0"), F(r.PAdjusted, "0.####E+0"),
                r.Drift ? "yes" : "no", F(r.Psi), F(r.JensenShannon), Markup.Escape(r.Note ?? ""));
        }

        return ConsoleWidth.Render(table);
    }

    private static string[] Split(string? list) =>
        list?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];
}
