using Assay.Storage.Tests.Postgres;

namespace Assay.Server.Tests.Postgres;

/// <summary>The verbs that open a database take <c>--db postgresql://…</c> too: ingest, keys, flags and replay on a real server.</summary>
[Collection(ChildProcesses.Name)]
public sealed class PostgresCliTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Ingest_keys_flags_and_replay_run_on_a_postgres_database_and_a_bad_uri_is_one_line()
    {
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(await (await PostgresServer.SharedAsync()).CreateDatabaseAsync());
        var db = $"postgresql://{connection.Username}@{connection.Host}:{connection.Port}/{connection.Database}";

        using var database = new TempDatabase();
        var file = database.File("interactions.jsonl");
        await File.WriteAllTextAsync(file, string.Join('\n', Some.Interaction().ToJsonString(), Some.Interaction().ToJsonString()) + "\n");
        using var ingest = AssayProcess.Start("ingest", file, "--db", db);
        Assert.True(await ingest.WaitForExitAsync(s_timeout) == 0, ingest.Output);
        using var create = AssayProcess.Start("keys", "create", "--db", db, "--name", "pg-reviewer", "--role", "reviewer");
        Assert.True(await create.WaitForExitAsync(s_timeout) == 0, create.Output);
        using var list = AssayProcess.Start("keys", "list", "--db", db);
        Assert.True(await list.WaitForExitAsync(s_timeout) == 0, list.Output);
        using var flags = AssayProcess.Start("flags", "--db", db);
        Assert.True(await flags.WaitForExitAsync(s_timeout) == 0, flags.Output);
        using var replay = AssayProcess.Start("replay", "--db", db);
        Assert.True(await replay.WaitForExitAsync(s_timeout) == 0, replay.Output);
        using var bad = AssayProcess.Start("flags", "--db", "postgresql://u:secret@127.0.0.1:1/none");
        var badExit = await bad.WaitForExitAsync(s_timeout);

        Assert.Matches(@"accepted\W+2\b", ingest.Output);
        Assert.Contains("pg-reviewer", list.Output, StringComparison.Ordinal);
        Assert.Contains("0 flag(s)", flags.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, badExit);
        Assert.Single(bad.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("secret", bad.Output, StringComparison.Ordinal);
    }
}
