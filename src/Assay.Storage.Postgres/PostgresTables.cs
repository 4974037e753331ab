using Npgsql;

namespace Assay.Storage.Postgres;

/// <summary>A PostgreSQL database opened for <c>assay copy</c>: migrated, with one connection and one transaction of the copy's own.</summary>
internal sealed class PostgresTables : IAsyncDisposable
{
    /// <summary>Insertion-order tie-breakers PostgreSQL has and SQLite does not (SQLite uses its rowid).</summary>
    private static readonly Dictionary<string, string> s_rowOrder = new(StringComparer.Ordinal) { ["alert_deliveries"] = "delivery_id" };

    private PostgresTables(PostgresDatabase database, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        Database = database;
        Connection = connection;
        Transaction = transaction;
    }

    public PostgresDatabase Database { get; }

    public NpgsqlConnection Connection { get; }

    public NpgsqlTransaction Transaction { get; }

    public static async Task<PostgresTables> OpenAsync(string db, System.Data.IsolationLevel isolation, CancellationToken cancellationToken)
    {
        var database = new PostgresDatabase(db);
        try
        {
            await database.MigrateAsync(cancellationToken);
            var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
            return new PostgresTables(database, connection, await connection.BeginTransactionAsync(isolation, cancellationToken));
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    public static string OrderBy(PortableTable table) =>
        string.Join(", ", s_rowOrder.TryGetValue(table.Name, out var tieBreaker) ? [.. table.OrderBy, tieBreaker] : table.OrderBy);

    public async Task<long> CountAsync(PortableTable table, CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(Connection, Transaction, $"SELECT count(*) FROM {table.Name}");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async ValueTask DisposeAsync()
    {
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
        await Database.DisposeAsync();
    }
}
