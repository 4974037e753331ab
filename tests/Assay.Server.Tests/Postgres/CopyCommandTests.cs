using Assay.Monitoring;
using Assay.Policy;
using Assay.Review;
using Assay.Storage;
using Assay.Storage.Postgres;
using Assay.Storage.Sqlite;
using Assay.Storage.Tests.Postgres;

namespace Assay.Server.Tests.Postgres;

/// <summary><c>assay copy</c> as a user runs it: a demo database into PostgreSQL and back, checked by counts and by an identical replay.</summary>
[Collection(ChildProcesses.Name)]
public sealed class CopyCommandTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(120);
    private readonly TempDatabase _folder = new();

    [Fact]
    public async Task Copy_demo_database_to_postgres_and_back_keeps_every_count_and_replays_identically_and_refuses_a_full_destination()
    {
        var demo = _folder.File("demo.db");
        using (var run = AssayProcess.Start("demo", "--exit", "--count", "300", "--urls", $"http://127.0.0.1:{AssayProcess.FreePort()}", "--db", demo))
            Assert.True(await run.WaitForExitAsync(s_timeout) == 0, run.Output);
        await ReviewAndAlertAsync(demo);
        // The demo's 300, and the fresh traffic it sends after its summary so that people have tasks of their own.
        var interactions = (await CountsAsync(demo))["interactions"];
        Assert.InRange(interactions, 300, 800);
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(await (await PostgresServer.SharedAsync()).CreateDatabaseAsync());
        var postgres = $"postgresql://{connection.Username}@{connection.Host}:{connection.Port}/{connection.Database}";
        var back = _folder.File("back.db");

        using var there = AssayProcess.Start("copy", "--from", demo, "--to", postgres);
        Assert.True(await there.WaitForExitAsync(s_timeout) == 0, there.Output);
        using var home = AssayProcess.Start("copy", "--from", postgres, "--to", back);
        Assert.True(await home.WaitForExitAsync(s_timeout) == 0, home.Output);

        Assert.Matches($@"\n  interactions +{interactions}\n", there.Output);
        Assert.Contains("every table's count equals the source's", home.Output, StringComparison.Ordinal);
        var counts = await CountsAsync(demo);
        Assert.All(["flags", "routing", "review_tasks", "labels", "adjudications", "api_keys", "alert_events", "alert_deliveries"],
            table => Assert.True(counts[table] > 0, $"{table} is empty in the demo database"));
        Assert.Equal(counts, await CountsAsync(postgres));
        Assert.Equal(counts, await CountsAsync(back));

        // Replay under the shipped policy (identical) and under another salt (a real diff): the same report from each copy.
        var salted = _folder.File("salted.yaml");
        await File.WriteAllTextAsync(salted, StarterPolicy.Yaml().Replace("salt: assay-starter-2026.1", "salt: a-fresh-sample", StringComparison.Ordinal));
        foreach (var policy in new[] { Array.Empty<string>(), ["--policy", salted] })
        {
            var reports = new List<(int Exit, string Output)>();
            foreach (var db in new[] { demo, postgres, back })
            {
                string[] arguments = ["replay", "--db", db, "--format", "json", .. policy];
                using var replay = AssayProcess.Start(arguments);
                reports.Add((await replay.WaitForExitAsync(s_timeout), replay.Output));
            }

            Assert.True(reports[0].Exit == (policy.Length == 0 ? 0 : 1), reports[0].Output);
            Assert.Contains($"\"compared\":{interactions}", reports[0].Output.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.Equal(reports[0], reports[1]);
            Assert.Equal(reports[0], reports[2]);
        }

        using var again = AssayProcess.Start("copy", "--from", demo, "--to", postgres);
        Assert.Equal(2, await again.WaitForExitAsync(s_timeout));
        Assert.Contains($"is not empty (interactions holds {interactions} rows)", again.Output, StringComparison.Ordinal);
        Assert.Single(again.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(counts, await CountsAsync(postgres));
    }

    [Theory]
    [InlineData("--to", "postgresql://u:secret@127.0.0.1:1/none")]
    [InlineData("--to", "postgresql://u:secret@/none")]
    [InlineData("--from", "postgresql://u:secret@127.0.0.1:1/none")]
    public async Task Copy_with_a_bad_or_unreachable_database_is_one_line_without_the_password_and_exits_non_zero(string option, string uri)
    {
        var file = _folder.File("empty.db");
        await using (var database = new SqliteDatabase(new SqliteStoreOptions(file)))
            await database.MigrateAsync(CancellationToken.None);

        using var copy = option == "--to" ? AssayProcess.Start("copy", "--from", file, "--to", uri) : AssayProcess.Start("copy", "--from", uri, "--to", _folder.File("new.db"));
        var exit = await copy.WaitForExitAsync(s_timeout);

        Assert.NotEqual(0, exit);
        Assert.StartsWith($"assay copy: {option}:", Assert.Single(copy.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        Assert.DoesNotContain("secret", copy.Output, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>Labels, a revision and an adjudication on the demo's tasks, and an alert delivery: the parts a demo run leaves empty.</summary>
    private static async Task ReviewAndAlertAsync(string path)
    {
        await using var database = new SqliteDatabase(new SqliteStoreOptions(path));
        var reviews = new SqliteReviewStore(database, TimeProvider.System);
        var tasks = (await reviews.ListTasksAsync(ApiKey.AllProjects, "open", null, 0, 100, CancellationToken.None)).Tasks;
        var disputed = tasks.First(t => t.RequiredLabels >= 2);
        var single = tasks.First(t => t.TaskId != disputed.TaskId);
        await reviews.SubmitLabelAsync(disputed.TaskId, "alice", Verdict("pii-leak"), 20, ApiKey.AllProjects, CancellationToken.None);
        await reviews.ReviseLabelAsync(disputed.TaskId, "alice", Verdict(), 9, ApiKey.AllProjects, CancellationToken.None);
        for (var i = 0; i < disputed.RequiredLabels - 1; i++)
            await reviews.SubmitLabelAsync(disputed.TaskId, $"reviewer-{i}", Verdict("pii-leak"), 30, ApiKey.AllProjects, CancellationToken.None);
        Assert.True(await reviews.AdjudicateAsync(disputed.TaskId, "lead", Verdict("pii-leak"), ApiKey.AllProjects, CancellationToken.None));
        await reviews.SubmitLabelAsync(single.TaskId, "alice", Verdict(), 4, ApiKey.AllProjects, CancellationToken.None);
        var alerts = new SqliteAlertStore(database, TimeProvider.System);
        var at = DateTimeOffset.UtcNow;
        var eventId = await alerts.AddEventAsync(new Alert("copy-test", "*", AlertState.Firing, at, null, 0.5, "copy-test fired"), CancellationToken.None);
        await alerts.RecordDeliveryAsync(new AlertDelivery(eventId, "http://127.0.0.1:9/hook", 2, false, "refused", at), CancellationToken.None);
    }

    private static Verdict Verdict(params string[] categories) => new(categories.ToHashSet(StringComparer.Ordinal), null, null);

    /// <summary>The rows of every copied table, read the way <c>assay copy</c> reads them.</summary>
    private static async Task<Dictionary<string, long>> CountsAsync(string db)
    {
        await using ITableSource source = PostgresConnection.IsPostgres(db)
            ? await PostgresTableSource.OpenAsync(db, CancellationToken.None)
            : await SqliteTableSource.OpenAsync(db, CancellationToken.None);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in PortableTables.All)
            counts[table.Name] = await source.CountAsync(table, CancellationToken.None);
        return counts;
    }
}
