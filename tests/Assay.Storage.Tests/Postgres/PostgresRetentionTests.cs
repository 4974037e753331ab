using Assay.Storage.Postgres;

namespace Assay.Storage.Tests.Postgres;

/// <summary>Runs the retention contract against PostgreSQL on an empty database of a real server.</summary>
#pragma warning disable CA1001 // The database is released in IAsyncLifetime.DisposeAsync, which xunit calls.
public sealed class PostgresRetentionTests : RetentionContract
#pragma warning restore CA1001
{
    private PostgresDatabase? _database;

    protected override async Task<(IInteractionStore Interactions, IReviewStore Reviews, IRetentionStore Retention)> OpenAsync(TimeProvider clock)
    {
        _database = new PostgresDatabase(await (await PostgresServer.SharedAsync()).CreateDatabaseAsync());
        await _database.MigrateAsync(CancellationToken.None);
        return (new PostgresInteractionStore(_database, clock), new PostgresReviewStore(_database, clock), new PostgresRetention(_database));
    }

    public override async Task DisposeAsync()
    {
        if (_database is not null)
            await _database.DisposeAsync();
    }
}
