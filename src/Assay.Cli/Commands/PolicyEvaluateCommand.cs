using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Assay.Assurance;
using Assay.Cli.Commands.Statistics;
using Assay.Ingest;
using Assay.Policy;
using Assay.Server;
using Assay.Statistics;
using Assay.Storage;
using Spectre.Console;

namespace Assay.Cli.Commands;

/// <summary>
/// <c>assay policy evaluate POLICY --data FILE [--against OTHER]</c>: runs a policy's detectors offline over labelled
/// interactions and reports precision, recall and F1 per rule, per category and for any failure, with intervals; with
/// <c>--against</c>, also which items' flags would change. Exit 0 on success, 2 on bad input.
/// </summary>
/// <remarks>
/// The data file is JSON Lines: one interaction per line, in the ingest format (docs/INTERACTIONS.md), with one more
/// top-level field, <c>labels</c>: the failure categories a human found, <c>[]</c> for no failure.
/// </remarks>
internal static class PolicyEvaluateCommand
{
    private const string Verb = "policy evaluate";

    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = true,
    };

    public static Command Create()
    {
        var policy = new Argument<FileInfo>("policy") { Description = "The policy YAML to evaluate" };
        var data = new Option<FileInfo>("--data") { Description = "JSON Lines: an interaction per line with a \"labels\" array of failure categories ([] for none)", Required = true };
        var against = new Option<FileInfo?>("--against") { Description = "Another policy (the live one, say): also list the items whose flags would change" };
        var changes = new Option<int>("--changes") { Description = "Most changed items to list", DefaultValueFactory = _ => 20 };
        var format = new Option<string>("--format") { Description = "table or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("evaluate", "Judge a policy offline on labelled data: precision, recall and F1 per rule and category, with intervals")
        {
            policy, data, against, changes, format,
        };
        command.SetAction(parse => Run(parse.GetValue(policy)!, parse.GetValue(data)!, parse.GetValue(against), parse.GetValue(changes), parse.GetValue(format) == "json"));
        return command;
    }

    private static int Run(FileInfo policyFile, FileInfo dataFile, FileInfo? againstFile, int changeLimit, bool json)
    {
        if (changeLimit < 0)
            return CommonOptions.Fail(Verb, "--changes must be 0 or more");
        if (Load(policyFile) is not { } policy)
            return 2;
        PolicyDocument? other = null;
        if (againstFile is not null && (other = Load(againstFile)) is null)
            return 2;
        List<(StoredInteraction Stored, IReadOnlySet<string> Labels)> data;
        try
        {
            data = Read(dataFile);
        }
        catch (InputFileException e)
        {
            return CommonOptions.Fail(Verb, e.Message);
        }

        var items = Judge(policy, data);
        var evaluation = Evaluate(policy, items);
        var otherItems = other is null ? null : Judge(other, data);
        var otherEvaluation = other is null ? null : Evaluate(other, otherItems!);
        var changed = otherItems is null ? [] : PolicyEvaluation.Changes(items, otherItems);
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                policy = policy.Hash,
                data = dataFile.ToString(),
                evaluation.Items,
                evaluation.AnyFailure,
                evaluation.Categories,
                evaluation.Rules,
                against = other is null ? null : new
                {
                    policy = other.Hash,
                    otherEvaluation!.AnyFailure,
                    otherEvaluation.Categories,
                    otherEvaluation.Rules,
                    changed = changed.Count,
                    changes = changed.Take(changeLimit),
                },
            }, s_json));
            return 0;
        }

        var failures = data.Count(d => d.Labels.Count > 0);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Policy {policy.ShortHash} on {dataFile}: {evaluation.Items} items, {failures} labelled with a failure. Intervals: 95%, Wilson (precision, recall) and bootstrap (F1)."));
        Print("Any failure", [evaluation.AnyFailure]);
        Print("Per category", evaluation.Categories);
        Print("Per rule", evaluation.Rules);
        if (other is not null)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Against {other.ShortHash} ({againstFile}): {changed.Count} of {items.Count} items flagged differently."));
            Print($"Any failure under {other.ShortHash}", [otherEvaluation!.AnyFailure]);
            PrintChanges(changed, changeLimit);
        }

        return 0;
    }

    private static PolicyDocument? Load(FileInfo file)
    {
        if (!file.Exists)
        {
            CommonOptions.Fail(Verb, $"policy file '{file}' does not exist");
            return null;
        }

        var result = PolicyLoader.LoadFile(file.FullName);
        if (result.HasErrors || result.Policy is null)
        {
            var errors = result.Problems.Count(p => p.Severity == ProblemSeverity.Error);
            CommonOptions.Fail(Verb, $"policy '{file}' has {errors} error(s); see: assay policy check {file}");
            return null;
        }

        return result.Policy;
    }

    /// <summary>Reads the labelled file; the first bad line stops it, named by its number.</summary>
    private static List<(StoredInteraction, IReadOnlySet<string>)> Read(FileInfo file)
    {
        if (!file.Exists)
            throw new InputFileException(file.ToString(), 0, "the data file does not exist");
        var parser = new InteractionParser(IngestLimits.Default);
        var items = new List<(StoredInteraction, IReadOnlySet<string>)>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in File.ReadLines(file.FullName))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            InputFileException Bad(string reason) => new(file.ToString(), number, reason);
            JsonObject item;
            try
            {
                item = JsonNode.Parse(line) as JsonObject ?? throw Bad("not a JSON object");
            }
            catch (JsonException e)
            {
                throw Bad($"not valid JSON ({e.Message})");
            }

            if (item["labels"] is not JsonArray labels || labels.Any(l => l?.GetValueKind() != JsonValueKind.String))
                throw Bad("\"labels\" must be an array of category names ([] for no failure)");
            var categories = labels.Select(l => l!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            item.Remove("labels");
            using var document = JsonDocument.Parse(item.ToJsonString());
            var (parsed, _, problems) = parser.Parse(document.RootElement, "");
            if (parsed is null)
                throw Bad(string.Join("; ", problems.Select(p => $"{(p.Pointer.Length == 0 ? "/" : p.Pointer)}: {p.Detail}")));
            if (!ids.Add(parsed.Interaction.Id))
                throw Bad($"id '{parsed.Interaction.Id}' appears twice");
            items.Add((new StoredInteraction(number, parsed.Interaction, parsed.ContentHash, DateTimeOffset.UnixEpoch, null), categories));
        }

        return items;
    }

    private static List<EvaluatedItem> Judge(PolicyDocument policy, List<(StoredInteraction Stored, IReadOnlySet<string> Labels)> data)
    {
        var pipeline = PipelineFactory.Create(policy);
        var items = new EvaluatedItem[data.Count];
        Parallel.For(0, data.Count, i =>
        {
            var flags = pipeline.Process(data[i].Stored).Flags;
            items[i] = new EvaluatedItem(data[i].Stored.Interaction.Id, data[i].Labels, [.. flags.Select(f => (f.Rule, f.Category))]);
        });
        return [.. items];
    }

    private static PolicyEvaluation Evaluate(PolicyDocument policy, List<EvaluatedItem> items) =>
        PolicyEvaluation.Compute(items, policy.Taxonomy.Select(c => c.Id), policy.Rules.Select(r => (r.Id, r.Category)));

    private static void Print(string title, IReadOnlyList<DetectionScore> scores)
    {
        var table = new Table { Title = new TableTitle(title), Width = null };
        foreach (var column in new[] { "", "flagged", "labelled", "both", "precision", "recall", "F1" })
            table.AddColumn(new TableColumn(column) { NoWrap = true });
        foreach (var score in scores)
        {
            table.AddRow(Markup.Escape(score.Name), Count(score.Flagged), Count(score.Positives), Count(score.TruePositives),
                Markup.Escape(Interval(score.Precision)), Markup.Escape(Interval(score.Recall)), Markup.Escape(Interval(score.F1)));
        }

        AnsiConsole.Write(table);
    }

    private static void PrintChanges(IReadOnlyList<FlagChange> changes, int limit)
    {
        if (changes.Count == 0 || limit == 0)
            return;
        var table = new Table { Title = new TableTitle("Items flagged differently") };
        foreach (var column in new[] { "id", "labels", "now flagged by", "no longer flagged by" })
            table.AddColumn(new TableColumn(column) { NoWrap = true });
        foreach (var change in changes.Take(limit))
        {
            table.AddRow(Markup.Escape(change.Id), Markup.Escape(change.Labels.Count == 0 ? "(none)" : string.Join(", ", change.Labels.Order(StringComparer.Ordinal))),
                Markup.Escape(string.Join(", ", change.Added)), Markup.Escape(string.Join(", ", change.Removed)));
        }

        AnsiConsole.Write(table);
        if (changes.Count > limit)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{changes.Count - limit} more not shown (--changes {changes.Count} lists them all)."));
    }

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Interval(Estimate estimate) =>
        double.IsNaN(estimate.Value)
            ? "—"
            : string.Create(CultureInfo.InvariantCulture, $"{estimate.Value:0.000} [{estimate.Low:0.000}, {estimate.High:0.000}]");
}
