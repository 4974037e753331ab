using Assay.Storage.Postgres;

namespace Assay.Storage.Tests.Postgres;

/// <summary>Runs the policy-store contract against the PostgreSQL store on an empty database of a real server.</summary>
#pragma warning disable CA1001 // The database is released in IAsyncLifetime.DisposeAsync, which xunit calls.
public sealed class PostgresPolicyStoreTests : PolicyStoreContract
#pragma warning restore CA1001
{
    private PostgresDatabase? _database;

    protected override async Task<IPolicyStore> OpenAsync()
    {
        _database = new PostgresDatabase(await (await PostgresServer.SharedAsync()).CreateDatabaseAsync());
        await _database.MigrateAsync(CancellationToken.None);
        return new PostgresPolicyStore(_database, TimeProvider.System);
    }

    public override async Task DisposeAsync()
    {
        if (_database is not null)
            await _database.DisposeAsync();
    }
}
