using Microsoft.Data.Sqlite;

namespace Assay.Storage.Sqlite;

/// <summary>A SQLite file written by <c>assay copy</c>: migrated, then filled in one write transaction.</summary>
/// <remarks>
/// Foreign keys are checked at commit rather than per row, because a label names the later label that revised it.
/// Ids are inserted as they are; SQLite numbers new rows past the largest id by itself.
/// </remarks>
public sealed class SqliteTableSink : ITableSink
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;

    private SqliteTableSink(SqliteConnection connection, SqliteTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    /// <summary>Creates or opens the file at <paramref name="path"/>, migrates it and begins the write transaction.</summary>
    public static async Task<SqliteTableSink> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var connection = await SqliteTables.OpenAsync(path, cancellationToken);
        var transaction = connection.BeginTransaction(deferred: false);
        using var defer = SqliteCommands.Create(connection, transaction, "PRAGMA defer_foreign_keys = ON");
        await defer.ExecuteNonQueryAsync(cancellationToken);
        return new SqliteTableSink(connection, transaction);
    }

    public Task<long> CountAsync(PortableTable table, CancellationToken cancellationToken) =>
        SqliteTables.CountAsync(_connection, _transaction, table, cancellationToken);

    public async Task<long> WriteAsync(PortableTable table, IAsyncEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(rows);
        using var insert = SqliteCommands.Create(_connection, _transaction,
            $"INSERT INTO {table.Name} ({string.Join(", ", table.Columns)}) VALUES ({string.Join(", ", table.Columns.Select((_, i) => $"$p{i}"))})");
        var parameters = table.Columns.Select((_, i) => insert.Parameters.Add(new SqliteParameter($"$p{i}", null))).ToArray();
        insert.Prepare();
        long count = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            for (var i = 0; i < parameters.Length; i++)
                parameters[i].Value = row[i] ?? DBNull.Value;
            await insert.ExecuteNonQueryAsync(cancellationToken);
            count++;
        }

        return count;
    }

    /// <summary>Indexes the copied interactions for search (the index is derived, so it is rebuilt rather than copied), then commits.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        using (var index = SqliteCommands.Create(_connection, _transaction, SearchSchema.IndexMissing))
            await index.ExecuteNonQueryAsync(cancellationToken);
        await _transaction.CommitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
