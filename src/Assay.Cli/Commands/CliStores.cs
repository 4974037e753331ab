using Assay.Storage;
using Assay.Storage.Postgres;
using Assay.Storage.Sqlite;

namespace Assay.Cli.Commands;

/// <summary>The stores a verb opens from its <c>--db</c>: a SQLite file, or a PostgreSQL database as <c>postgresql://…</c>.</summary>
internal sealed class CliStores(IAsyncDisposable database, IInteractionStore interactions, IReviewStore reviews, IAuditStore audit, IAlertStore alerts, IPolicyStore policies, IIncidentStore incidents) : IAsyncDisposable
{
    /// <summary>The actor of what an operator does from the command line, straight in the database: no key is involved.</summary>
    public static readonly Assay.Audit.AuditActor Operator = new(null, "cli");

    public IInteractionStore Interactions => interactions;

    public IReviewStore Reviews => reviews;

    public IAuditStore Audit => audit;

    public IAlertStore Alerts => alerts;

    public IPolicyStore Policies => policies;

    public IIncidentStore Incidents => incidents;

    /// <summary>Whether <paramref name="db"/> can be opened without creating it: any PostgreSQL URI, or an existing file.</summary>
    public static bool Exists(string db) => PostgresConnection.IsPostgres(db) || File.Exists(db);

    /// <summary>Opens and migrates <paramref name="db"/>; on failure the stores are null and the error is one line that never shows a password.</summary>
    public static async Task<(CliStores? Stores, string? Error)> OpenAsync(string db, CancellationToken cancellationToken)
    {
        if (!PostgresConnection.IsPostgres(db))
        {
            var file = new SqliteDatabase(new SqliteStoreOptions(db));
            await file.MigrateAsync(cancellationToken);
            return (new CliStores(file, new SqliteInteractionStore(file, TimeProvider.System), new SqliteReviewStore(file, TimeProvider.System), new SqliteAuditStore(file, TimeProvider.System),
                new SqliteAlertStore(file, TimeProvider.System), new SqlitePolicyStore(file, TimeProvider.System), new SqliteIncidentStore(file, TimeProvider.System)), null);
        }

        PostgresDatabase database;
        try
        {
            database = new PostgresDatabase(db);
        }
        catch (ArgumentException e)
        {
            return (null, $"--db: {e.Message}");
        }

        try
        {
            await database.MigrateAsync(cancellationToken);
        }
        catch (Npgsql.NpgsqlException e)
        {
            await database.DisposeAsync();
            return (null, $"cannot use the PostgreSQL database {PostgresConnection.Describe(db)}: {e.Message}");
        }

        return (new CliStores(database, new PostgresInteractionStore(database, TimeProvider.System), new PostgresReviewStore(database, TimeProvider.System), new PostgresAuditStore(database, TimeProvider.System),
            new PostgresAlertStore(database, TimeProvider.System), new PostgresPolicyStore(database, TimeProvider.System), new PostgresIncidentStore(database, TimeProvider.System)), null);
    }

    public ValueTask DisposeAsync() => database.DisposeAsync();
}
