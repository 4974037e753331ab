using Assay.Storage.Postgres;

namespace Assay.Storage.Tests.Postgres;

/// <summary>Runs the interaction-store contract against the PostgreSQL store, each test on an empty database of a real server.</summary>
#pragma warning disable CA1001 // The database is disposed in IAsyncLifetime.DisposeAsync, which xunit calls.
public sealed class PostgresInteractionStoreTests : InteractionStoreContract
{
    private PostgresDatabase? _database;

    public override async Task InitializeAsync()
    {
        _database = new PostgresDatabase(await (await PostgresServer.SharedAsync()).CreateDatabaseAsync());
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
            await _database.DisposeAsync();
    }

    protected override IInteractionStore Open(TimeProvider clock) => new PostgresInteractionStore(_database!, clock);

    protected override async Task ReindexAsync()
    {
        await using var command = _database!.DataSource.CreateCommand("DELETE FROM interaction_search; " + PostgresSearch.IndexMissing);
        await command.ExecuteNonQueryAsync();
    }
}
#pragma warning restore CA1001
