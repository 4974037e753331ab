using Assay.Storage.Sqlite;

namespace Assay.Storage.Tests;

/// <summary>Runs the policy store contract against the SQLite store over a temporary file.</summary>
#pragma warning disable CA1001 // Both are released in IAsyncLifetime.DisposeAsync, which xunit calls.
public sealed class SqlitePolicyStoreTests : PolicyStoreContract
#pragma warning restore CA1001
{
    private readonly TempDatabase _file = new();
    private SqliteDatabase? _database;

    protected override async Task<IPolicyStore> OpenAsync()
    {
        _database = new SqliteDatabase(new SqliteStoreOptions(_file.Path));
        await _database.MigrateAsync(CancellationToken.None);
        return new SqlitePolicyStore(_database, TimeProvider.System);
    }

    public override async Task DisposeAsync()
    {
        if (_database is not null)
            await _database.DisposeAsync();
        _file.Dispose();
    }
}
