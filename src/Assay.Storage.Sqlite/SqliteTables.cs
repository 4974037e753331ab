using Microsoft.Data.Sqlite;

namespace Assay.Storage.Sqlite;

/// <summary>Opens a SQLite file for <c>assay copy</c>, migrated first, on a connection of the copy's own.</summary>
internal static class SqliteTables
{
    public static async Task<SqliteConnection> OpenAsync(string path, CancellationToken cancellationToken)
    {
        await using (var database = new SqliteDatabase(new SqliteStoreOptions(path)))
            await database.MigrateAsync(cancellationToken);
        // Not pooled: the copy holds the file for one long transaction, then lets it go entirely.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 30 }.ToString());
        await connection.OpenAsync(cancellationToken);
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA foreign_keys = ON;";
        await pragmas.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    public static async Task<long> CountAsync(SqliteConnection connection, SqliteTransaction transaction, PortableTable table, CancellationToken cancellationToken)
    {
        using var command = SqliteCommands.Create(connection, transaction, $"SELECT count(*) FROM {table.Name}");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
