using System.Globalization;
using System.Text.Json;
using Assay.Demo;
using Spectre.Console;

namespace Assay.Cli.Commands;

/// <summary>
/// Prints what Assay estimates from the reviewed sample (prevalence, recall, false-negative rate, each with its 95%
/// interval) beside what the demo really injected, and whether each interval covers the truth.
/// </summary>
/// <remarks>
/// The truth is the generator's: a category is present in an interaction when it was injected, and caught when a rule
/// of that category flagged it. The estimates come from <c>GET /v1/review/metrics</c>, which only sees the reviewed items
/// and their inclusion probabilities; that the two agree is the point of the random audit sample.
/// </remarks>
internal static class DemoEstimates
{
    /// <summary>The truth and the estimate of one measure of one category; the estimate's fields are NaN when undefined.</summary>
    public sealed record Row(string Category, string Measure, double Truth, double Estimate, double Low, double High)
    {
        public bool Covered => double.IsFinite(Low) && Truth >= Low - 1e-9 && Truth <= High + 1e-9;
    }

    public static IReadOnlyList<Row> Compare(JsonElement metrics, IReadOnlyDictionary<string, string[]> truth, IReadOnlyDictionary<string, HashSet<string>> flagged)
    {
        var total = truth.Count;
        var anyFailure = truth.Where(t => t.Value.Length > 0).Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
        var anyFlag = flagged.Values.SelectMany(ids => ids).ToHashSet(StringComparer.Ordinal);
        var rows = new List<Row>();
        var prevalence = Entries(metrics, "prevalence", "overall_prevalence");
        var recall = Entries(metrics, "recall", "overall_recall");
        foreach (var (category, entry) in prevalence)
        {
            var present = category == Overall ? anyFailure.Count : truth.Count(t => t.Value.Contains(category, StringComparer.Ordinal));
            rows.Add(Of(category, DemoTruth.Prevalence, total == 0 ? double.NaN : (double)present / total, entry.GetProperty("prevalence")));
        }

        foreach (var (category, entry) in recall)
        {
            var present = category == Overall ? anyFailure : truth.Where(t => t.Value.Contains(category, StringComparer.Ordinal)).Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
            var caughtBy = category == Overall ? anyFlag : flagged.GetValueOrDefault(category) ?? [];
            var trueRecall = present.Count == 0 ? double.NaN : (double)present.Count(caughtBy.Contains) / present.Count;
            rows.Add(Of(category, DemoTruth.Recall, trueRecall, entry.GetProperty("recall")));
            rows.Add(Of(category, DemoTruth.FalseNegativeRate, 1 - trueRecall, entry.GetProperty("false_negative_rate")));
        }

        return rows;
    }

    public static void Print(IReadOnlyList<Row> rows, int labels, int adjudications)
    {
        AnsiConsole.WriteLine();
        AnsiConsole.WriteLine($"Simulated reviewers gave {labels:N0} labels to the history's review queue and a simulated lead settled {adjudications:N0} disagreements.");
        AnsiConsole.WriteLine("What Assay estimates from the reviewed sample (as on /ui/metrics and in the report), beside what the demo really injected (known only here):");
        var table = new Table().AddColumns("category", "measure", "injected truth", Markup.Escape("Assay's estimate [95%]"), "covers");
        foreach (var row in rows.Where(r => double.IsFinite(r.Truth)))
        {
            table.AddRow(row.Category, row.Measure, Number(row.Truth),
                // Spectre reads [ ] as markup: the interval is escaped.
                Markup.Escape(double.IsFinite(row.Estimate) ? $"{Number(row.Estimate)} [{Number(row.Low)}, {Number(row.High)}]" : "n/a (too few reviewed)"),
                double.IsFinite(row.Estimate) ? (row.Covered ? "yes" : "NO") : "");
        }

        AnsiConsole.Write(table);
        var measured = rows.Where(r => double.IsFinite(r.Truth) && double.IsFinite(r.Estimate)).ToList();
        AnsiConsole.WriteLine($"{measured.Count(r => r.Covered)} of {measured.Count} intervals cover the truth; at 95% about one in twenty may miss it by chance.");
    }

    private const string Overall = "any-failure";

    private static List<(string Category, JsonElement Entry)> Entries(JsonElement metrics, string list, string overall)
    {
        var entries = new List<(string, JsonElement)> { (Overall, metrics.GetProperty(overall)) };
        entries.AddRange(metrics.GetProperty(list).EnumerateArray().Select(e => (e.GetProperty("category").GetString()!, e)));
        return entries;
    }

    private static Row Of(string category, string measure, double truth, JsonElement estimate) =>
        new(category, measure, truth, Value(estimate, "value"), Value(estimate, "low"), Value(estimate, "high"));

    private static double Value(JsonElement estimate, string name) =>
        estimate.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : double.NaN;

    private static string Number(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
