using System.Text.Json.Nodes;
using Assay.Audit;
using Assay.Storage;
using Assay.Storage.Postgres;
using Assay.Storage.Sqlite;
using Assay.Storage.Tests.Postgres;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Assay.Server.Tests.Audit;

/// <summary><c>assay audit verify</c> and <c>export</c> on both engines: exit codes, the named break, and an export that verifies offline.</summary>
[Collection(ChildProcesses.Name)]
public sealed class AuditCommandTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    public static TheoryData<string, string> Tamperings() => new()
    {
        { "sqlite", "edited" }, { "sqlite", "deleted" }, { "sqlite", "inserted" }, { "sqlite", "reordered" },
        { "postgres", "edited" }, { "postgres", "deleted" }, { "postgres", "inserted" }, { "postgres", "reordered" },
    };

    [Theory]
    [MemberData(nameof(Tamperings))]
    public async Task Verify_exits_0_on_an_intact_chain_and_1_naming_the_first_broken_entry_after_tampering(string engine, string how)
    {
        using var temp = new TempDatabase();
        var (db, execute) = await ChainAsync(engine, temp, entries: 6);
        using var intact = AssayProcess.Start("audit", "verify", "--db", db);
        Assert.True(await intact.WaitForExitAsync(s_timeout) == 0, intact.Output);
        Assert.Contains("intact: 6 entries", intact.Output, StringComparison.Ordinal);

        foreach (var sql in await TamperingAsync(how, db, engine))
            await execute(sql);
        using var broken = AssayProcess.Start("audit", "verify", "--db", db);

        Assert.True(await broken.WaitForExitAsync(s_timeout) == 1, broken.Output);
        var expectedSeq = how is "edited" or "reordered" ? 3 : 4;
        Assert.Contains($"broken: {how} at entry {expectedSeq}", broken.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_writes_lines_that_verify_offline_and_an_anchor_past_the_end_is_a_cut_off_tail()
    {
        using var temp = new TempDatabase();
        var (db, _) = await ChainAsync("sqlite", temp, entries: 4);
        var file = temp.File("audit.jsonl");
        using var export = AssayProcess.Start("audit", "export", "--db", db, "--out", file);
        Assert.True(await export.WaitForExitAsync(s_timeout) == 0, export.Output);
        var lines = await File.ReadAllLinesAsync(file);
        var head = AuditExport.Parse(lines[^1]);

        using var offline = AssayProcess.Start("audit", "verify", "--file", file, "--anchor", $"4:{head.Hash}");
        Assert.True(await offline.WaitForExitAsync(s_timeout) == 0, offline.Output);
        await File.WriteAllLinesAsync(file, lines[..3]);
        using var cut = AssayProcess.Start("audit", "verify", "--file", file, "--anchor", $"4:{head.Hash}");
        Assert.True(await cut.WaitForExitAsync(s_timeout) == 1, cut.Output);
        using var bad = AssayProcess.Start("audit", "verify", "--db", db, "--anchor", "four");
        Assert.True(await bad.WaitForExitAsync(s_timeout) == 2, bad.Output);

        Assert.Equal(4, lines.Length);
        Assert.Equal(lines[0], AuditExport.Line(AuditExport.Parse(lines[0])));
        Assert.Contains("cut off", cut.Output, StringComparison.Ordinal);
        Assert.Single(bad.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--anchor", bad.Output, StringComparison.Ordinal);
    }

    /// <summary>A database with <paramref name="entries"/> chained entries, and a way to run SQL on it behind Assay's back.</summary>
    private static async Task<(string Db, Func<string, Task> Execute)> ChainAsync(string engine, TempDatabase temp, int entries)
    {
        if (engine == "sqlite")
        {
            await using (var database = new SqliteDatabase(new SqliteStoreOptions(temp.Path)))
                await AppendAsync(new SqliteAuditStore(database, TimeProvider.System), entries);
            SqliteConnection.ClearAllPools();
            return (temp.Path, async sql =>
            {
                await using var connection = new SqliteConnection($"Data Source={temp.Path};Pooling=false");
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                await command.ExecuteNonQueryAsync();
            }
            );
        }

        var connectionString = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        await using (var database = new PostgresDatabase(connectionString))
        {
            await database.MigrateAsync(CancellationToken.None);
            await AppendAsync(new PostgresAuditStore(database, TimeProvider.System), entries);
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return ($"postgresql://{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}", async sql =>
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
        );
    }

    private static async Task AppendAsync(IAuditStore store, int entries)
    {
        for (var i = 1; i <= entries; i++)
            await store.AppendAsync(AuditRecord.Create(AuditActor.System, "test.event", [$"item:{i}"], new JsonObject { ["n"] = i }), CancellationToken.None);
    }

    /// <summary>The statements of one kind of tampering, as someone with write access to the tables would run them.</summary>
    private static async Task<string[]> TamperingAsync(string how, string db, string engine)
    {
        switch (how)
        {
            case "edited":
                return ["UPDATE audit_log SET payload = '{\"n\":99}' WHERE seq = 3"];
            case "deleted":
                return ["DELETE FROM audit_log WHERE seq = 3"];
            case "reordered":
                return ["UPDATE audit_log SET seq = -4 WHERE seq = 4", "UPDATE audit_log SET seq = 4 WHERE seq = 3", "UPDATE audit_log SET seq = 3 WHERE seq = -4"];
            default:
                // A forgery hashed correctly onto entry 3 (the algorithm is public), slipped in after it.
                var third = engine == "sqlite" ? await ThirdHashSqliteAsync(db) : await ThirdHashPostgresAsync(db);
                var forged = AuditChain.Link(4, DateTimeOffset.UnixEpoch, third, AuditRecord.Create(AuditActor.System, "forged", [], []));
                return
                [
                    "UPDATE audit_log SET seq = -(seq + 1) WHERE seq >= 4",
                    "UPDATE audit_log SET seq = -seq WHERE seq < 0",
                    "INSERT INTO audit_log (seq, at, actor_key, actor_name, kind, subjects, payload, prev_hash, hash) " +
                    $"VALUES (4, 0, NULL, 'system', 'forged', '[]', '{{}}', '{forged.PreviousHash}', '{forged.Hash}')",
                ];
        }
    }

    private static async Task<string> ThirdHashSqliteAsync(string path)
    {
        await using var database = new SqliteDatabase(new SqliteStoreOptions(path));
        return (await new SqliteAuditStore(database, TimeProvider.System).HashAtAsync(3, CancellationToken.None))!;
    }

    private static async Task<string> ThirdHashPostgresAsync(string uri)
    {
        await using var database = new PostgresDatabase(uri);
        return (await new PostgresAuditStore(database, TimeProvider.System).HashAtAsync(3, CancellationToken.None))!;
    }
}
