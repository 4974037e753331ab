using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Assay.Storage.Sqlite;

/// <summary>A SQLite file read for <c>assay copy</c>, every table from the same snapshot (one read transaction in WAL mode).</summary>
public sealed class SqliteTableSource : ITableSource
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;

    private SqliteTableSource(SqliteConnection connection, SqliteTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    /// <summary>Opens (and migrates) the file at <paramref name="path"/>, which must exist.</summary>
    public static async Task<SqliteTableSource> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var connection = await SqliteTables.OpenAsync(path, cancellationToken);
        return new SqliteTableSource(connection, connection.BeginTransaction(deferred: true));
    }

    public Task<long> CountAsync(PortableTable table, CancellationToken cancellationToken) =>
        SqliteTables.CountAsync(_connection, _transaction, table, cancellationToken);

    public async IAsyncEnumerable<object?[]> ReadAsync(PortableTable table, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        // rowid breaks ties in the order rows were inserted (alert deliveries have no id of their own).
        using var command = SqliteCommands.Create(_connection, _transaction,
            $"SELECT {string.Join(", ", table.Columns)} FROM {table.Name} ORDER BY {string.Join(", ", table.OrderBy)}, rowid");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new object?[table.Columns.Count];
            for (var i = 0; i < row.Length; i++)
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            yield return row;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
