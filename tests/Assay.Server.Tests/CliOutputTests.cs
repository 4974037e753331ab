using System.Text.Json;
using Assay.Demo;
using Assay.Ingest;
using Assay.Policy;
using Assay.Storage.Sqlite;

namespace Assay.Server.Tests;

/// <summary>What the verbs print when their output goes to a file or a pipe: whole lines, limits said, clean help.</summary>
[Collection(ChildProcesses.Name)]
public sealed class CliOutputTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Flags_redirected_prints_every_flag_on_one_whole_line_and_says_the_limit_cut_the_list()
    {
        await ProcessedDemoDatabaseAsync(400);

        using var table = AssayProcess.Start("flags", "--db", _database.Path, "--limit", "40");
        using var json = AssayProcess.Start("flags", "--db", _database.Path, "--limit", "40", "--format", "json");

        Assert.True(await table.WaitForExitAsync(s_timeout) == 0, table.Output);
        Assert.True(await json.WaitForExitAsync(s_timeout) == 0, json.Output);
        var flags = json.Output.Split('\n').Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(40, flags.Count);
        var lines = table.Output.Split('\n');
        foreach (var flag in flags)
        {
            string[] parts = [flag.GetProperty("interaction_id").GetString()!, flag.GetProperty("category").GetString()!, flag.GetProperty("rule").GetString()!];
            Assert.True(lines.Any(l => parts.All(p => l.Contains($" {p} ", StringComparison.Ordinal))), $"no whole line has {string.Join(", ", parts)}:\n{table.Output}");
        }

        // Wider than the 80 columns Spectre assumes for a pipe, so this would have been wrapped.
        Assert.Contains(lines, l => l.TrimEnd().Length > 80);
        Assert.Contains("40 flag(s) shown; more match: --limit 40 cut the list", table.Output, StringComparison.Ordinal);
        Assert.Contains("--limit 40 cut the list", json.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flags_under_the_limit_says_only_the_count()
    {
        await ProcessedDemoDatabaseAsync(20);

        using var table = AssayProcess.Start("flags", "--db", _database.Path, "--limit", "1000");

        Assert.True(await table.WaitForExitAsync(s_timeout) == 0, table.Output);
        Assert.Matches(@"(?m)^\d+ flag\(s\)\s*$", table.Output);
        Assert.DoesNotContain("cut the list", table.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flags_with_an_unknown_category_or_rule_fails_with_the_valid_ones_but_a_known_one_may_match_nothing()
    {
        await ProcessedDemoDatabaseAsync(20);

        using var category = AssayProcess.Start("flags", "--db", _database.Path, "--category", "nope");
        using var rule = AssayProcess.Start("flags", "--db", _database.Path, "--rule", "nope.rule");
        using var known = AssayProcess.Start("flags", "--db", _database.Path, "--rule", "reasoning.empty", "--to", "2000-01-01T00:00:00Z");

        Assert.Equal(2, await category.WaitForExitAsync(s_timeout));
        Assert.Contains("assay flags: --category is 'nope', not a category of the active policy; use one of ", category.Output, StringComparison.Ordinal);
        Assert.Contains("pii-leak", category.Output, StringComparison.Ordinal);
        Assert.Equal(2, await rule.WaitForExitAsync(s_timeout));
        Assert.Contains("--rule is 'nope.rule', not a rule of the active policy; use one of ", rule.Output, StringComparison.Ordinal);
        Assert.True(await known.WaitForExitAsync(s_timeout) == 0, known.Output);
        Assert.Matches(@"(?m)^0 flag\(s\)\s*$", known.Output);
    }

    [Fact]
    public async Task Keys_list_redirected_keeps_each_key_on_one_line()
    {
        await ProcessedDemoDatabaseAsync(1);
        // 100 characters (the most a name may have) and an expiry: a row over 200 columns, where the old local fix still wrapped.
        var name = new string('k', 100);
        using (var create = AssayProcess.Start("keys", "create", "--db", _database.Path, "--name", name, "--role", "reviewer", "--expires", "2099-01-01T00:00:00Z"))
            Assert.True(await create.WaitForExitAsync(s_timeout) == 0, create.Output);

        using var list = AssayProcess.Start("keys", "list", "--db", _database.Path);

        Assert.True(await list.WaitForExitAsync(s_timeout) == 0, list.Output);
        Assert.Contains(list.Output.Split('\n'), l => l.Contains(name, StringComparison.Ordinal) && l.Contains("reviewer", StringComparison.Ordinal) && l.Contains("2099-01-01", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Replay_help_has_no_stray_arguments_section_and_balanced_brackets()
    {
        using var help = AssayProcess.Start("replay", "--help");

        Assert.True(await help.WaitForExitAsync(s_timeout) == 0, help.Output);
        Assert.DoesNotContain("Additional Arguments", help.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("--format", help.Output, StringComparison.Ordinal);
        foreach (var line in help.Output.Split('\n'))
        {
            Assert.True(line.Count(c => c == '[') == line.Count(c => c == ']'), $"unbalanced brackets: {line}");
            Assert.True(line.Count(c => c == '<') == line.Count(c => c == '>'), $"unbalanced angle brackets: {line}");
        }
    }

    [Fact]
    public async Task A_verb_without_db_beside_the_demo_database_names_it_and_the_exact_command()
    {
        await File.WriteAllBytesAsync(_database.File("assay-demo.db"), []);

        using var flags = AssayProcess.StartIn(Path.GetDirectoryName(_database.Path), "flags");

        Assert.True(await flags.WaitForExitAsync(s_timeout) == 2, flags.Output);
        Assert.Contains("assay flags --db assay-demo.db", flags.Output, StringComparison.Ordinal);
    }

    /// <summary>Demo traffic appended and processed by the starter policy's pipeline, as the server's worker does.</summary>
    private async Task ProcessedDemoDatabaseAsync(int count)
    {
        await using var store = new SqliteInteractionStore(new SqliteStoreOptions(_database.Path), TimeProvider.System);
        await store.MigrateAsync(CancellationToken.None);
        var traffic = new DemoTraffic(seed: 5, DateTimeOffset.UtcNow.AddHours(-1));
        await store.AppendAsync(Enumerable.Range(0, count).Select(_ => InteractionParser.Canonicalise(traffic.Next())).ToList(), CancellationToken.None);
        var pipeline = PipelineFactory.Create(StarterPolicy.Load());
        for (var step = 0; step < count; step++)
        {
            var batch = await store.ReadUnprocessedAsync(500, CancellationToken.None);
            if (batch.Count == 0)
                return;
            await store.CompleteAsync(batch.Select(pipeline.Process).ToList(), CancellationToken.None);
        }
    }
}
