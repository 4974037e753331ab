using System.CommandLine;
using System.Globalization;
using Assay.Statistics;
using Assay.Statistics.Intervals;
using Spectre.Console;

namespace Assay.Cli.Commands.Statistics;

/// <summary><c>assay interval --successes K --trials N</c>: a confidence interval for a proportion.</summary>
internal static class IntervalCommand
{
    public static Command Create()
    {
        var successes = new Option<long>("--successes") { Description = "Number of successes k", Required = true };
        var trials = new Option<long>("--trials") { Description = "Number of trials n", Required = true };
        var method = new Option<string>("--method") { Description = "wilson, clopper-pearson, jeffreys or agresti-coull", DefaultValueFactory = _ => "wilson" };
        method.AcceptOnlyFromAmong(Enum.GetValues<IntervalMethod>().Select(ProportionInterval.Name).ToArray());
        var confidence = StatisticsOptions.Confidence();
        var format = StatisticsOptions.Format();

        var command = new Command("interval", "Confidence interval for a proportion k/n") { successes, trials, method, confidence, format };
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            long k = parse.GetValue(successes), n = parse.GetValue(trials);
            var level = parse.GetValue(confidence);
            if (n < 0 || k < 0 || k > n)
            {
                return StatisticsOptions.Fail(error, "interval", $"need 0 <= successes <= trials, got {k} of {n}");
            }

            if (!StatisticsOptions.ValidConfidence(level))
            {
                return StatisticsOptions.Fail(error, "interval", $"--confidence must lie strictly between 0 and 1, got {level.ToString(CultureInfo.InvariantCulture)}");
            }

            if (!ProportionInterval.TryParse(parse.GetValue(method)!, out var chosen))
            {
                return StatisticsOptions.Fail(error, "interval", $"unknown method '{parse.GetValue(method)}'");
            }

            var estimate = ProportionInterval.Compute(k, n, chosen, level);
            parse.InvocationConfiguration.Output.Write(parse.GetValue(format) == "json" ? Json(estimate) : Table(estimate));
            return 0;
        });
        return command;
    }

    internal static string Json(Estimate estimate) => StatisticsJson.Write(writer =>
    {
        writer.WriteStartObject();
        StatisticsJson.Number(writer, "estimate", estimate.Value);
        StatisticsJson.Number(writer, "low", estimate.Low);
        StatisticsJson.Number(writer, "high", estimate.High);
        writer.WriteString("method", estimate.Method);
        writer.WriteNumber("confidence", estimate.Confidence);
        if (estimate.Warning is not null)
        {
            writer.WriteString("warning", estimate.Warning);
        }

        writer.WriteEndObject();
    }) + Environment.NewLine;

    private static string Table(Estimate estimate)
    {
        static string F(double v) => double.IsFinite(v) ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "undefined";
        var table = new Table().AddColumn("Estimate").AddColumn("Low").AddColumn("High").AddColumn("Method").AddColumn("Note")
            .AddRow(F(estimate.Value), F(estimate.Low), F(estimate.High), estimate.Method, Markup.Escape(estimate.Warning ?? ""));
        table.Caption(string.Create(CultureInfo.InvariantCulture, $"{estimate.Confidence * 100:0.#}% confidence"));
        return ConsoleWidth.Render(table);
    }
}
