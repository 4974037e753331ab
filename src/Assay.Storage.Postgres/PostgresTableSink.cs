using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace Assay.Storage.Postgres;

/// <summary>A PostgreSQL database written by <c>assay copy</c>: migrated, locked against writers, filled by binary <c>COPY</c> in one transaction.</summary>
/// <remarks>
/// <c>COPY</c> writes the given values into identity columns (as <c>INSERT … OVERRIDING SYSTEM VALUE</c> would), so ids
/// are kept; <see cref="CommitAsync"/> then moves each identity sequence past the largest copied id. Foreign keys are
/// checked at the end of each table's one <c>COPY</c> statement, so a label may name a later label that revised it.
/// </remarks>
public sealed class PostgresTableSink : ITableSink
{
    private readonly PostgresTables _tables;

    private PostgresTableSink(PostgresTables tables) => _tables = tables;

    /// <summary>Migrates the database, begins the transaction and locks the copied tables against other writers until commit.</summary>
    /// <exception cref="ArgumentException">The URI is malformed; the message never shows the password.</exception>
    public static async Task<PostgresTableSink> OpenAsync(string db, CancellationToken cancellationToken)
    {
        var tables = await PostgresTables.OpenAsync(db, System.Data.IsolationLevel.ReadCommitted, cancellationToken);
        // A node writing meanwhile would take ids the copy is about to insert; readers are not blocked.
        await using (var command = PostgresCommands.Create(tables.Connection, tables.Transaction,
            $"LOCK TABLE {string.Join(", ", PortableTables.All.Select(t => t.Name))} IN EXCLUSIVE MODE"))
            await command.ExecuteNonQueryAsync(cancellationToken);
        return new PostgresTableSink(tables);
    }

    public Task<long> CountAsync(PortableTable table, CancellationToken cancellationToken) => _tables.CountAsync(table, cancellationToken);

    public async Task<long> WriteAsync(PortableTable table, IAsyncEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(rows);
        var columns = string.Join(", ", table.Columns);
        var types = await ColumnTypesAsync(table, columns, cancellationToken);
        await using var import = await _tables.Connection.BeginBinaryImportAsync($"COPY {table.Name} ({columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            await import.StartRowAsync(cancellationToken);
            for (var i = 0; i < types.Length; i++)
            {
                if (row[i] is null)
                    await import.WriteNullAsync(cancellationToken);
                else
                    await import.WriteAsync(Convert(row[i]!, types[i]), types[i], cancellationToken);
            }
        }

        return (long)await import.CompleteAsync(cancellationToken);
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        foreach (var table in PortableTables.All.Where(t => t.Identity is not null))
        {
            await using var restart = PostgresCommands.Create(_tables.Connection, _tables.Transaction,
                $"SELECT setval(pg_get_serial_sequence($1, $2), coalesce(max({table.Identity}), 0) + 1, false) FROM {table.Name}",
                table.Name, table.Identity);
            await restart.ExecuteNonQueryAsync(cancellationToken);
        }

        // The search index is derived, so it is rebuilt from the copied interactions rather than copied.
        await using (var index = PostgresCommands.Create(_tables.Connection, _tables.Transaction, PostgresSearch.IndexMissing))
            await index.ExecuteNonQueryAsync(cancellationToken);
        await _tables.Transaction.CommitAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _tables.DisposeAsync();

    /// <summary>The destination's own column types, so that a SQLite integer lands in <c>integer</c> or <c>bigint</c> as the schema says.</summary>
    private async Task<NpgsqlDbType[]> ColumnTypesAsync(PortableTable table, string columns, CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(_tables.Connection, _tables.Transaction, $"SELECT {columns} FROM {table.Name} LIMIT 0");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return [.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetDataTypeName(i) switch
        {
            "integer" => NpgsqlDbType.Integer,
            "bigint" => NpgsqlDbType.Bigint,
            "double precision" => NpgsqlDbType.Double,
            "text" => NpgsqlDbType.Text,
            "bytea" => NpgsqlDbType.Bytea,
            var other => throw new InvalidOperationException($"{table.Name}.{reader.GetName(i)} has type {other}, which assay copy does not carry"),
        })];
    }

    private static object Convert(object value, NpgsqlDbType type) => type switch
    {
        NpgsqlDbType.Integer => System.Convert.ToInt32(value, CultureInfo.InvariantCulture),
        NpgsqlDbType.Bigint => System.Convert.ToInt64(value, CultureInfo.InvariantCulture),
        NpgsqlDbType.Double => System.Convert.ToDouble(value, CultureInfo.InvariantCulture),
        _ => value,
    };
}
