using Assay.Storage.Postgres;

namespace Assay.Storage.Tests.Postgres;

/// <summary>Runs the review-store contract against the PostgreSQL stores on an empty database of a real server.</summary>
#pragma warning disable CA1001 // The database is released in IAsyncLifetime.DisposeAsync, which xunit calls.
public sealed class PostgresReviewStoreContractTests : ReviewStoreContract
#pragma warning restore CA1001
{
    private PostgresDatabase? _database;
    private string _uri = "";

    protected override async Task<(IInteractionStore Interactions, IReviewStore Reviews)> OpenAsync(TimeProvider clock)
    {
        _uri = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        _database = new PostgresDatabase(_uri);
        await _database.MigrateAsync(CancellationToken.None);
        return (new PostgresInteractionStore(_database, clock), new PostgresReviewStore(_database, clock));
    }

    protected override IAuditStore OpenAudit() => new PostgresAuditStore(_database!, Clock);

    protected override async Task UndoTaskTimesAndMigrateAsync()
    {
        await using (var undo = _database!.DataSource.CreateCommand("""
            DROP INDEX ix_review_tasks_occurred;
            ALTER TABLE review_tasks DROP COLUMN occurred_at;
            -- The database as it was before the task-time step, so without the later steps either (demo_truth).
            DROP TABLE demo_truth;
            UPDATE schema_migrations SET version = 2 WHERE module = 'review';
            """))
            await undo.ExecuteNonQueryAsync();

        await using var restarted = new PostgresDatabase(_uri);
        await restarted.MigrateAsync(CancellationToken.None);
    }

    public override async Task DisposeAsync()
    {
        if (_database is not null)
            await _database.DisposeAsync();
    }
}
