using Assay.Storage.Sqlite;

namespace Assay.Storage.Tests;

/// <summary>Runs the review store contract against the SQLite stores over a temporary file.</summary>
#pragma warning disable CA1001 // Both are released in IAsyncLifetime.DisposeAsync, which xunit calls.
public sealed class SqliteReviewStoreContractTests : ReviewStoreContract
#pragma warning restore CA1001
{
    private readonly TempDatabase _file = new();
    private SqliteDatabase? _database;

    protected override async Task<(IInteractionStore Interactions, IReviewStore Reviews)> OpenAsync(TimeProvider clock)
    {
        _database = new SqliteDatabase(new SqliteStoreOptions(_file.Path));
        await _database.MigrateAsync(CancellationToken.None);
        return (new SqliteInteractionStore(_database, clock), new SqliteReviewStore(_database, clock));
    }

    protected override IAuditStore OpenAudit() => new SqliteAuditStore(_database!, Clock);

    protected override async Task UndoTaskTimesAndMigrateAsync()
    {
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_file.Path}"))
        {
            await connection.OpenAsync();
            using var undo = connection.CreateCommand();
            undo.CommandText = """
                DROP INDEX ix_review_tasks_occurred;
                ALTER TABLE review_tasks DROP COLUMN occurred_at;
                -- The database as it was before the task-time step, so without the later steps either (demo_truth).
                DROP TABLE demo_truth;
                UPDATE schema_migrations SET version = 4 WHERE module = 'review';
                """;
            await undo.ExecuteNonQueryAsync();
        }

        await using var restarted = new SqliteDatabase(new SqliteStoreOptions(_file.Path));
        await restarted.MigrateAsync(CancellationToken.None);
    }

    public override async Task DisposeAsync()
    {
        if (_database is not null)
            await _database.DisposeAsync();
        _file.Dispose();
    }
}
