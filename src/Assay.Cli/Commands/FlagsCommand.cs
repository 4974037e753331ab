using System.CommandLine;
using System.Text.Json;
using Assay.Domain;
using Assay.Json;
using Assay.Pipeline;
using Assay.Server;
using Assay.Storage;
using Assay.Storage.Sqlite;
using Spectre.Console;

namespace Assay.Cli.Commands;

/// <summary><c>assay flags</c>: lists stored flags, filtered, as a table or as JSON lines.</summary>
internal static class FlagsCommand
{
    public static Command Create()
    {
        var db = CommonOptions.Database();
        var category = new Option<string?>("--category") { Description = "Only this taxonomy category" };
        var rule = new Option<string?>("--rule") { Description = "Only this rule id" };
        var severity = new Option<Severity?>("--severity") { Description = "At least this severity (low, medium, high, critical)" };
        var from = new Option<DateTimeOffset?>("--from") { Description = "Interactions at or after this time (RFC 3339)" };
        var to = new Option<DateTimeOffset?>("--to") { Description = "Interactions before this time (RFC 3339)" };
        var limit = new Option<int>("--limit") { Description = "Most flags to print", DefaultValueFactory = _ => 50 };
        var format = new Option<string>("--format") { Description = "table or json (one flag per line)", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var policy = CommonOptions.Policy();
        policy.Description = "Policy whose categories and rules a filter may name (default: the shipped starter policy); values found in stored flags are valid too";
        var command = new Command("flags", "List the flags stored in a database") { db, category, rule, severity, from, to, limit, format, policy };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(db)!;
            if (!CliStores.Exists(path))
                return CommonOptions.MissingDatabase("flags", path);
            var wanted = parse.GetValue(limit);
            if (wanted < 1)
                return CommonOptions.Fail("flags", "--limit must be at least 1");
            FlagVocabulary vocabulary;
            try
            {
                var active = ActivePolicy.Load(parse.GetValue(policy)?.FullName);
                vocabulary = FlagVocabulary.For(active, PipelineFactory.Create(active));
            }
            catch (PolicyException e)
            {
                return CommonOptions.Fail("flags", e.Message);
            }

            var (stores, error) = await CliStores.OpenAsync(path, cancellationToken);
            if (stores is null)
                return CommonOptions.Fail("flags", error!);
            await using var _ = stores;
            var store = stores.Interactions;
            // One more than wanted, so that a cut list is known to be cut rather than guessed from a full page.
            var flags = new List<StoredFlag>();
            string? cursor = null;
            do
            {
                var query = new FlagQuery(parse.GetValue(category), parse.GetValue(rule), parse.GetValue(severity),
                    parse.GetValue(from), parse.GetValue(to), cursor, Math.Min(1000, wanted + 1 - flags.Count));
                var page = await store.QueryFlagsAsync(query, cancellationToken);
                flags.AddRange(page.Flags);
                cursor = page.Next;
            }
            while (cursor is not null && flags.Count <= wanted);

            // A value the policy does not know may still be in the database (flags of an older policy), so it is refused
            // only when nothing matched: a typo then says so instead of printing an empty list.
            if (flags.Count == 0 && Unknown(parse.GetValue(category), "category", vocabulary.Categories) is { } badCategory)
                return CommonOptions.Fail("flags", "--category " + badCategory);
            if (flags.Count == 0 && Unknown(parse.GetValue(rule), "rule", vocabulary.Rules) is { } badRule)
                return CommonOptions.Fail("flags", "--rule " + badRule);

            var cut = flags.Count > wanted;
            if (cut)
                flags.RemoveRange(wanted, flags.Count - wanted);
            if (parse.GetValue(format) == "json")
            {
                PrintJson(flags);
                // Standard error, so that the JSON lines stay one flag each.
                if (cut)
                    Console.Error.WriteLine(CutNote(wanted));
            }
            else
            {
                PrintTable(flags);
                AnsiConsole.WriteLine(cut ? $"{flags.Count} flag(s) shown; {CutNote(wanted)}" : $"{flags.Count} flag(s)");
            }

            return 0;
        });
        return command;
    }

    private static void PrintJson(List<StoredFlag> flags)
    {
        foreach (var stored in flags)
        {
            var flag = JsonSerializer.SerializeToNode(stored.Flag, AssayJsonContext.Default.Flag)!.AsObject();
            flag.Insert(0, "interaction_id", stored.InteractionId);
            flag.Insert(1, "occurred_at", stored.OccurredAt.ToString("O"));
            Console.WriteLine(flag.ToJsonString());
        }
    }

    private static void PrintTable(List<StoredFlag> flags)
    {
        var table = new Table().AddColumns("interaction", "time", "severity", "category", "rule", "evidence");
        foreach (var stored in flags)
        {
            var evidence = stored.Flag.Evidence.Count == 0 ? "" : $"{stored.Flag.Evidence[0].Field}: \"{stored.Flag.Evidence[0].Text}\"";
            table.AddRow(Markup.Escape(stored.InteractionId), stored.OccurredAt.ToString("u"), stored.Flag.Severity.ToString().ToLowerInvariant(),
                Markup.Escape(stored.Flag.Category), Markup.Escape(stored.Flag.Rule), Markup.Escape(evidence));
        }

        AnsiConsole.Write(table);
    }

    private static string? Unknown(string? value, string kind, IReadOnlyList<string> valid) =>
        value is null || valid.Contains(value, StringComparer.Ordinal) ? null : FlagVocabulary.Unknown(value, kind, valid);

    private static string CutNote(int limit) =>
        $"more match: --limit {limit} cut the list (raise --limit, or narrow it with --category, --rule, --severity, --from, --to)";
}
