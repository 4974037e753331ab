using System.Globalization;
using System.Text.Json.Nodes;
using Assay.Storage.Sqlite;

namespace Assay.Server.Tests;

/// <summary>The <c>assay</c> verbs run as a user would run them: a child process with arguments.</summary>
[Collection(ChildProcesses.Name)]
public sealed class CliTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Policy_check_reports_a_bad_monitor_with_its_line_and_exits_1_and_counts_the_starter_monitors()
    {
        using var database = new TempDatabase();
        var starter = database.File("starter.yaml");
        await File.WriteAllTextAsync(starter, Assay.Policy.StarterPolicy.Yaml());
        var broken = database.File("broken.yaml");
        var yaml = Assay.Policy.StarterPolicy.Yaml().Replace("    group_by: model_version\n  - id: pii-leak-rate", "    group_by: user\n  - id: pii-leak-rate", StringComparison.Ordinal);
        Assert.NotEqual(Assay.Policy.StarterPolicy.Yaml(), yaml);
        await File.WriteAllTextAsync(broken, yaml);
        var line = yaml[..yaml.IndexOf("group_by: user", StringComparison.Ordinal)].Count(c => c == '\n') + 1;

        using var good = AssayProcess.Start("policy", "check", starter);
        using var bad = AssayProcess.Start("policy", "check", broken);

        Assert.True(await good.WaitForExitAsync(s_timeout) == 0, good.Output);
        Assert.Contains("0 errors, 0 warnings", good.Output, StringComparison.Ordinal);
        Assert.Contains("5 monitors", good.Output, StringComparison.Ordinal);
        Assert.True(await bad.WaitForExitAsync(s_timeout) == 1, bad.Output);
        Assert.Contains($"broken.yaml:{line}:", bad.Output, StringComparison.Ordinal);
        Assert.Contains("group_by", bad.Output, StringComparison.Ordinal);
        Assert.Contains("4 monitors", bad.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--audit-anchor-webhook", "ftp://example.test/anchors", "--audit-anchor-webhook must be an absolute http(s) URL")]
    [InlineData("--audit-anchor-interval", "-5", "--audit-anchor-interval must be 0 (off) or a number of seconds")]
    public async Task Serve_refuses_a_bad_audit_anchor_option_with_one_line_and_starts_nothing(string option, string value, string message)
    {
        using var database = new TempDatabase();

        using var serve = AssayProcess.Start("serve", "--db", database.Path, "--urls", "http://127.0.0.1:0", option, value);

        Assert.NotEqual(0, await serve.WaitForExitAsync(s_timeout));
        Assert.Contains(message, serve.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(database.Path));
    }

    [Fact]
    public async Task Ingest_file_into_database_with_a_bad_line_reports_it_and_exits_1()
    {
        using var database = new TempDatabase();
        var file = database.File("interactions.jsonl");
        var badRole = Some.Interaction();
        badRole["input"]![1]!["role"] = "wizard";
        var good = new[] { Some.Interaction(), Some.Interaction() };
        await File.WriteAllTextAsync(file, string.Join('\n',
            good[0].ToJsonString(), "{\"id\": \"cut-short\", \"model\":", "", badRole.ToJsonString(), good[1].ToJsonString()) + "\n");

        using var assay = AssayProcess.Start("ingest", file, "--db", database.Path);
        var exit = await assay.WaitForExitAsync(s_timeout);

        Assert.True(exit == 1, assay.Output);
        Assert.Contains("line 2: rejected", assay.Output, StringComparison.Ordinal);
        Assert.Contains("line 4: rejected", assay.Output, StringComparison.Ordinal);
        Assert.Contains("/input/1/role", assay.Output, StringComparison.Ordinal);
        await using var store = new SqliteInteractionStore(new SqliteStoreOptions(database.Path), TimeProvider.System);
        Assert.Equal(2, (await store.CountAsync(CancellationToken.None)).Interactions);
        foreach (var interaction in good)
            Assert.NotNull(await store.GetAsync((string)interaction["id"]!, CancellationToken.None));
    }

    [Fact]
    public async Task Ingest_clean_file_to_a_server_exits_0_and_a_rerun_counts_duplicates()
    {
        var server = new AssayTestServer();
        await server.InitializeAsync();
        try
        {
            using var folder = new TempDatabase();
            var file = folder.File("interactions.jsonl");
            var lines = Enumerable.Range(0, 25).Select(_ => (JsonNode)Some.Interaction()).ToList();
            await File.WriteAllTextAsync(file, Some.Ndjson(lines));

            using (var first = AssayProcess.Start("ingest", file, "--server", server.Address.ToString(), "--batch", "10"))
                Assert.True(await first.WaitForExitAsync(s_timeout) == 0, first.Output);
            using var again = AssayProcess.Start("ingest", file, "--server", server.Address.ToString());
            var exit = await again.WaitForExitAsync(s_timeout);

            Assert.True(exit == 0, again.Output);
            Assert.Matches(@"duplicate\W+25", again.Output);
            Assert.Equal(25, (await server.Store.CountAsync(CancellationToken.None)).Interactions);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Demo_with_exit_ingests_processes_and_exits_0()
    {
        using var database = new TempDatabase();
        var url = $"http://127.0.0.1:{AssayProcess.FreePort()}";

        using var assay = AssayProcess.Start("demo", "--exit", "--count", "300", "--urls", url, "--db", database.Path);
        var exit = await assay.WaitForExitAsync(s_timeout);

        Assert.True(exit == 0, assay.Output);
        Assert.Contains("300 demo interactions ingested and processed", assay.Output, StringComparison.Ordinal);
        // The summary says which flags were not injected: flagged = caught + false positives.
        Assert.Contains("│ false positives │", assay.Output, StringComparison.Ordinal);
        Assert.Contains("'flagged' = 'caught' + 'false positives'", assay.Output, StringComparison.Ordinal);
        // The history, and the fresh traffic the demo sends after it so that people have tasks of their own.
        var fresh = int.Parse(System.Text.RegularExpressions.Regex.Match(assay.Output, @"(\d+) new interactions arrived since").Groups[1].Value, CultureInfo.InvariantCulture);
        await using var store = new SqliteInteractionStore(new SqliteStoreOptions(database.Path), TimeProvider.System);
        var counts = await store.CountAsync(CancellationToken.None);
        Assert.Equal(300 + fresh, counts.Interactions);
        Assert.Equal(300 + fresh, counts.Processed);
        Assert.True(counts.Flags > 0);
    }

    [Fact]
    public async Task Demo_has_simulated_reviewers_label_its_queue_and_its_estimates_cover_the_injected_truth_and_it_writes_a_report()
    {
        using var database = new TempDatabase();
        var url = $"http://127.0.0.1:{AssayProcess.FreePort()}";

        using var assay = AssayProcess.Start("demo", "--exit", "--count", "3000", "--urls", url, "--db", database.Path);
        var exit = await assay.WaitForExitAsync(TimeSpan.FromMinutes(3));

        Assert.True(exit == 0, assay.Output);
        var output = assay.Output;
        Assert.Matches(@"Simulated reviewers gave [1-9][\d,]* labels", output);
        // The overall prevalence and recall intervals cover the generator's truth, and nearly every per-category one does
        // (at 95%, one in twenty may miss by chance; the seed is fixed, so this run is the same every time).
        Assert.Matches(@"any-failure\s*│ prevalence\s*│[^│]*│[^│]*│ yes", output);
        Assert.Matches(@"any-failure\s*│ recall\s*│[^│]*│[^│]*│ yes", output);
        var covered = System.Text.RegularExpressions.Regex.Match(output, @"(\d+) of (\d+) intervals cover the truth");
        Assert.True(covered.Success, output);
        Assert.True(int.Parse(covered.Groups[1].Value, CultureInfo.InvariantCulture) >= 0.85 * int.Parse(covered.Groups[2].Value, CultureInfo.InvariantCulture), covered.Value);
        var report = Path.ChangeExtension(database.Path, null) + "-report.html";
        Assert.Contains(report, output, StringComparison.Ordinal);
        Assert.Contains("Reviewer agreement", await File.ReadAllTextAsync(report), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.ChangeExtension(report, ".md")));
    }
}
