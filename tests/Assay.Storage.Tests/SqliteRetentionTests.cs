using Assay.Storage.Sqlite;

namespace Assay.Storage.Tests;

/// <summary>Runs the retention contract against SQLite over a temporary file.</summary>
public sealed class SqliteRetentionTests : RetentionContract, IDisposable
{
    private readonly TempDatabase _file = new();
    private SqliteDatabase? _database;

    protected override async Task<(IInteractionStore Interactions, IReviewStore Reviews, IRetentionStore Retention)> OpenAsync(TimeProvider clock)
    {
        _database = new SqliteDatabase(new SqliteStoreOptions(_file.Path));
        await _database.MigrateAsync(CancellationToken.None);
        return (new SqliteInteractionStore(_database, clock), new SqliteReviewStore(_database, clock), new SqliteRetention(_database));
    }

    public override async Task DisposeAsync()
    {
        if (_database is not null)
            await _database.DisposeAsync();
    }

    public void Dispose() => _file.Dispose();
}
