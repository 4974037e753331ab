using System.CommandLine;
using System.Globalization;
using Assay.Statistics.Agreement;
using Spectre.Console;

namespace Assay.Cli.Commands.Statistics;

/// <summary><c>assay agreement FILE</c>: inter-annotator agreement of a long-format ratings file.</summary>
internal static class AgreementCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "Ratings: CSV with header item,rater,value, or JSONL objects with those keys" };
        var level = new Option<string>("--level") { Description = "Measurement level: nominal, ordinal, interval or ratio", DefaultValueFactory = _ => "nominal" };
        level.AcceptOnlyFromAmong("nominal", "ordinal", "interval", "ratio");
        var order = new Option<string?>("--order") { Description = "Order of ordinal labels, lowest first, e.g. low,medium,high" };
        var format = StatisticsOptions.Format();
        var confidence = StatisticsOptions.Confidence();
        var resamples = new Option<int>("--resamples") { Description = "Bootstrap resamples for the intervals", DefaultValueFactory = _ => 1000 };
        var seed = new Option<ulong>("--seed") { Description = "Bootstrap seed; the same seed gives the same intervals", DefaultValueFactory = _ => 0 };

        var command = new Command("agreement", "Inter-annotator agreement (Krippendorff's alpha, kappas, AC1) with confidence intervals")
        {
            file, level, order, format, confidence, resamples, seed,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var measurement = Enum.Parse<MeasurementLevel>(parse.GetValue(level)!, ignoreCase: true);
            var labels = parse.GetValue(order)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (labels is not null && measurement != MeasurementLevel.Ordinal)
            {
                return StatisticsOptions.Fail(error, "agreement", "--order only applies with --level ordinal");
            }

            if (!StatisticsOptions.ValidConfidence(parse.GetValue(confidence)) || parse.GetValue(resamples) < 2)
            {
                return StatisticsOptions.Fail(error, "agreement", "--confidence must lie strictly between 0 and 1 and --resamples be at least 2");
            }

            try
            {
                var path = parse.GetValue(file)!.ToString();
                var records = RatingsFile.Read(path);
                if (records.Count == 0)
                {
                    return StatisticsOptions.Fail(error, "agreement", $"{path}: no ratings found");
                }

                var (matrix, names) = RatingsFile.ToMatrix(path, records, measurement, labels);
                var report = AgreementReport.Compute(matrix, names, measurement, new BootstrapOptions(parse.GetValue(resamples), parse.GetValue(confidence), parse.GetValue(seed)));
                output.Write(parse.GetValue(format) == "json" ? Json(report) : Table(report, parse.GetValue(confidence)));
                return 0;
            }
            catch (InputFileException e)
            {
                return StatisticsOptions.Fail(error, "agreement", e.Message);
            }
        });
        return command;
    }

    internal static string Json(AgreementReport report) => StatisticsJson.Write(writer =>
    {
        writer.WriteStartObject();
        foreach (var (key, _, estimate) in report.Statistics())
        {
            StatisticsJson.EstimateObject(writer, key, estimate);
        }

        writer.WriteStartObject("fleiss_kappa_by_category");
        foreach (var (category, kappa) in report.FleissKappaByCategory)
        {
            StatisticsJson.EstimateObject(writer, category, kappa);
        }

        writer.WriteEndObject();
        writer.WriteNumber("items", report.Items);
        writer.WriteNumber("raters", report.Raters);
        writer.WriteNumber("pairable_values", report.PairableValues);
        writer.WriteString("level", report.Level.ToString().ToLowerInvariant());
        writer.WriteEndObject();
    }) + Environment.NewLine;

    private static string Table(AgreementReport report, double confidence)
    {
        var table = new Table().AddColumn("Statistic").AddColumn(new TableColumn("Estimate").RightAligned())
            .AddColumn(new TableColumn($"{confidence * 100:0.#}% interval").RightAligned()).AddColumn("Note");
        foreach (var (_, name, estimate) in report.Statistics())
        {
            if (estimate is null)
            {
                table.AddRow(name, "-", "-", "needs exactly two raters");
                continue;
            }

            table.AddRow(
                Markup.Escape(name),
                Format(estimate.Value),
                $"[[{Format(estimate.Low)}, {Format(estimate.High)}]]",
                Markup.Escape(estimate.Warning ?? ""));
        }

        foreach (var (category, kappa) in report.FleissKappaByCategory)
        {
            table.AddRow(
                Markup.Escape($"  Fleiss' kappa, {category} vs rest"),
                Format(kappa.Value),
                $"[[{Format(kappa.Low)}, {Format(kappa.High)}]]",
                "");
        }

        var caption = string.Create(CultureInfo.InvariantCulture, $"{report.Items} items, {report.Raters} raters, {report.PairableValues} pairable values");
        table.Caption(caption);
        return ConsoleWidth.Render(table);
    }

    private static string Format(double value) => double.IsFinite(value) ? value.ToString("0.000", CultureInfo.InvariantCulture) : "undefined";
}
