using System.CommandLine;

namespace Assay.Cli.Commands.Statistics;

/// <summary>Options and output helpers shared by the statistics verbs.</summary>
internal static class StatisticsOptions
{
    public static Option<string> Format()
    {
        var format = new Option<string>("--format") { Description = "Output: table or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        return format;
    }

    public static Option<double> Confidence() =>
        new("--confidence") { Description = "Confidence level of the intervals", DefaultValueFactory = _ => 0.95 };

    public static bool ValidConfidence(double confidence) => confidence is > 0 and < 1;

    /// <summary>Prints one line on the error writer and returns the exit code for bad input.</summary>
    public static int Fail(TextWriter error, string verb, string message)
    {
        error.WriteLine($"assay {verb}: {message}");
        return 2;
    }
}
