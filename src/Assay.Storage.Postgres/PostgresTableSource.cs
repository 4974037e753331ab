using System.Runtime.CompilerServices;

namespace Assay.Storage.Postgres;

/// <summary>A PostgreSQL database read for <c>assay copy</c>: every table from one <c>REPEATABLE READ</c> snapshot, so nodes may keep writing meanwhile.</summary>
public sealed class PostgresTableSource : ITableSource
{
    private readonly PostgresTables _tables;

    private PostgresTableSource(PostgresTables tables) => _tables = tables;

    /// <exception cref="ArgumentException">The URI is malformed; the message never shows the password.</exception>
    public static async Task<PostgresTableSource> OpenAsync(string db, CancellationToken cancellationToken)
    {
        var tables = await PostgresTables.OpenAsync(db, System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        await using (var readOnly = PostgresCommands.Create(tables.Connection, tables.Transaction, "SET TRANSACTION READ ONLY"))
            await readOnly.ExecuteNonQueryAsync(cancellationToken);
        return new PostgresTableSource(tables);
    }

    public Task<long> CountAsync(PortableTable table, CancellationToken cancellationToken) => _tables.CountAsync(table, cancellationToken);

    public async IAsyncEnumerable<object?[]> ReadAsync(PortableTable table, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        await using var command = PostgresCommands.Create(_tables.Connection, _tables.Transaction,
            $"SELECT {string.Join(", ", table.Columns)} FROM {table.Name} ORDER BY {PostgresTables.OrderBy(table)}");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new object?[table.Columns.Count];
            for (var i = 0; i < row.Length; i++)
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            yield return row;
        }
    }

    public ValueTask DisposeAsync() => _tables.DisposeAsync();
}
