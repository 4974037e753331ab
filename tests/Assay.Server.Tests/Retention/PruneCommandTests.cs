using Assay.Demo;
using Assay.Ingest;
using Assay.Server.Tests.Monitoring;
using Assay.Storage.Postgres;
using Assay.Storage.Sqlite;
using Assay.Storage.Tests.Postgres;

namespace Assay.Server.Tests.Retention;

/// <summary><c>assay prune</c> as a user runs it, on a SQLite file and on a PostgreSQL database.</summary>
[Collection(ChildProcesses.Name)]
public sealed class PruneCommandTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);
    private readonly TempDatabase _file = new();

    [Fact]
    public async Task Prune_sqlite_deletes_what_arrived_before_the_days_given_and_says_so()
    {
        await using (var database = new SqliteDatabase(new SqliteStoreOptions(_file.Path)))
        {
            await database.MigrateAsync(CancellationToken.None);
            await AppendAsync(new SqliteInteractionStore(database, new ManualClock(DateTimeOffset.UtcNow.AddDays(-40))), 12);
            await AppendAsync(new SqliteInteractionStore(database, TimeProvider.System), 3);
        }

        using var prune = AssayProcess.Start("prune", "--older-than", "30", "--db", _file.Path, "--batch", "5");
        var exit = await prune.WaitForExitAsync(s_timeout);

        Assert.True(exit == 0, prune.Output);
        Assert.Contains("assay prune: deleted 12 interactions received before ", prune.Output, StringComparison.Ordinal);
        await using var store = new SqliteInteractionStore(new SqliteStoreOptions(_file.Path), TimeProvider.System);
        Assert.Equal(3, (await store.CountAsync(CancellationToken.None)).Interactions);
    }

    [Fact]
    public async Task Prune_postgres_deletes_what_arrived_before_the_days_given_and_a_bad_age_exits_2()
    {
        var connection = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        await using (var database = new PostgresDatabase(connection))
        {
            await database.MigrateAsync(CancellationToken.None);
            await AppendAsync(new PostgresInteractionStore(database, new ManualClock(DateTimeOffset.UtcNow.AddDays(-8))), 4);
            await AppendAsync(new PostgresInteractionStore(database, TimeProvider.System), 2);
        }

        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connection);
        var db = $"postgresql://{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}";
        using var prune = AssayProcess.Start("prune", "--older-than", "7", "--db", db);
        using var zero = AssayProcess.Start("prune", "--older-than", "0", "--db", db);

        Assert.True(await prune.WaitForExitAsync(s_timeout) == 0, prune.Output);
        Assert.Contains("deleted 4 interactions", prune.Output, StringComparison.Ordinal);
        Assert.Equal(2, await zero.WaitForExitAsync(s_timeout));
        await using var check = new PostgresDatabase(connection);
        await using var store = new PostgresInteractionStore(check, TimeProvider.System);
        Assert.Equal(2, (await store.CountAsync(CancellationToken.None)).Interactions);
    }

    public void Dispose() => _file.Dispose();

    private static async Task AppendAsync(Storage.IInteractionStore store, int count)
    {
        var traffic = new DemoTraffic(count, DateTimeOffset.UtcNow.AddDays(-50));
        await store.AppendAsync([.. Enumerable.Range(0, count).Select(_ => InteractionParser.Canonicalise(traffic.Next()))], CancellationToken.None);
    }
}
