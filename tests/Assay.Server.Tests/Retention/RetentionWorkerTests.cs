using Assay.Demo;
using Assay.Domain;
using Assay.Ingest;
using Assay.Server.Monitoring;
using Assay.Server.Retention;
using Assay.Server.Tests.Monitoring;
using Assay.Storage;
using Assay.Storage.Postgres;
using Assay.Storage.Sqlite;
using Assay.Storage.Tests.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Assay.Server.Tests.Retention;

/// <summary>The server's retention worker on both engines: old interactions go with their flags, recent ones stay, the log names the counts.</summary>
public sealed class RetentionWorkerTests : IDisposable
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDatabase _file = new();

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task RunOnceAsync_deletes_what_arrived_before_the_retention_age_with_its_flags_keeps_recent_traffic_and_logs_the_counts(string engine)
    {
        var clock = new ManualClock(s_now.AddDays(-40));
        var log = new CollectingLogger<RetentionWorker>();
        var (database, interactions, retention) = await OpenAsync(engine, clock, log);
        await using var _ = database;
        await AppendFlaggedAsync(interactions, new DemoTraffic(1, s_now.AddDays(-40)), 20);
        clock.Now = s_now;
        await AppendFlaggedAsync(interactions, new DemoTraffic(2, s_now.AddMinutes(-5)), 10);
        var worker = new RetentionWorker(retention, new AssayServerOptions { Retain = TimeSpan.FromDays(30) }, clock, log);

        var report = await worker.RunOnceAsync(CancellationToken.None);
        var again = await worker.RunOnceAsync(CancellationToken.None);

        Assert.Equal((20L, 20L, 20L), (report.Interactions, report.Flags, report.Routing));
        Assert.Equal(0, again.Interactions);
        Assert.Equal(new StoreCounts(10, 10, 10), await interactions.CountAsync(CancellationToken.None));
        // On PostgreSQL each dropped day partition is logged first: the old traffic's day, and the two made ahead of it.
        var drops = engine == "postgres" ? 3 : 0;
        Assert.All(log.Entries.Take(drops), e => Assert.Contains("Retention dropped partition interactions_p202610", e.Message, StringComparison.Ordinal));
        if (engine == "postgres")
        {
            Assert.Contains(log.Entries.Take(drops), e => e.Message.Contains(
                "dropped partition interactions_p20261011 (received 2026-10-11T00:00:00Z to 2026-10-12T00:00:00Z): 20 interactions deleted by this run", StringComparison.Ordinal));
        }

        var (level, message) = log.Entries.ElementAt(drops);
        Assert.Equal(LogLevel.Information, level);
        Assert.Contains("deleted 20 interactions received before 2026-10-21T12:00:00Z with 20 flags", message, StringComparison.Ordinal);
        Assert.Contains("kept 0 reviewed interactions", message, StringComparison.Ordinal);
        Assert.Equal([.. Enumerable.Repeat(LogLevel.Information, drops + 1), LogLevel.Debug], log.Entries.Select(e => e.Level));
    }

    [Fact]
    public async Task Build_runs_the_worker_only_when_retention_is_configured()
    {
        await using var without = AssayServer.Build(new AssayServerOptions { DatabasePath = _file.Path, Urls = "http://127.0.0.1:0" }, _ => { });
        await using var with = AssayServer.Build(
            new AssayServerOptions { DatabasePath = _file.File("retained.db"), Urls = "http://127.0.0.1:0", Retain = TimeSpan.FromDays(7) }, _ => { });

        Assert.Empty(without.Services.GetServices<IHostedService>().OfType<RetentionWorker>());
        Assert.Single(with.Services.GetServices<IHostedService>().OfType<RetentionWorker>());
    }

    public void Dispose() => _file.Dispose();

    private async Task<(IAsyncDisposable Database, IInteractionStore Interactions, IRetentionStore Retention)> OpenAsync(string engine, TimeProvider clock, ILogger log)
    {
        if (engine == "postgres")
        {
            var postgres = new PostgresDatabase(await (await PostgresServer.SharedAsync()).CreateDatabaseAsync());
            await postgres.MigrateAsync(CancellationToken.None);
            return (postgres, new PostgresInteractionStore(postgres, clock), new PostgresRetention(postgres, clock, RetentionLog.Partition(log)));
        }

        var sqlite = new SqliteDatabase(new SqliteStoreOptions(_file.Path));
        await sqlite.MigrateAsync(CancellationToken.None);
        return (sqlite, new SqliteInteractionStore(sqlite, clock), new SqliteRetention(sqlite));
    }

    /// <summary>Appends demo traffic now (by the store's clock) and processes it with one flag and a routing decision each.</summary>
    private static async Task AppendFlaggedAsync(IInteractionStore store, DemoTraffic traffic, int count)
    {
        var batch = Enumerable.Range(0, count).Select(_ => InteractionParser.Canonicalise(traffic.Next())).ToList();
        await store.AppendAsync(batch, CancellationToken.None);
        var pending = await store.ReadUnprocessedAsync(count, CancellationToken.None);
        var flag = new Flag("test.rule", "pii-leak", Severity.Medium, "policy", [], "test");
        var routing = new Routing.RoutingDecision(Routing.Tier.Flagged, 0.1, false, 1, "flagged");
        await store.CompleteAsync([.. pending.Select(p => new ProcessingResult(p.Sequence, "policy", [flag], [], routing))], CancellationToken.None);
    }
}
