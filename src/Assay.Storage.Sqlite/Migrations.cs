using Microsoft.Data.Sqlite;

namespace Assay.Storage.Sqlite;

/// <summary>Applies numbered schema migrations, one independent sequence per module.</summary>
/// <remarks>
/// The table <c>schema_migrations</c> records, per module (the interaction log, review, monitoring…),
/// how many steps have run, so that modules evolve their tables without stepping on each other.
/// Append new steps at the end of a module's list; never edit one that has shipped.
/// </remarks>
internal static class Migrations
{
    public static void Apply(SqliteConnection connection, string module, IReadOnlyList<string> steps)
    {
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_migrations (module TEXT PRIMARY KEY, version INTEGER NOT NULL)", null);
        var current = Convert.ToInt32(
            Execute(connection, transaction, "SELECT coalesce((SELECT version FROM schema_migrations WHERE module = $module), 0)", module),
            System.Globalization.CultureInfo.InvariantCulture);
        if (current > steps.Count)
            throw new InvalidOperationException($"The database's '{module}' schema is at version {current}, newer than this Assay ({steps.Count}); upgrade Assay.");
        for (var step = current; step < steps.Count; step++)
            Execute(connection, transaction, steps[step], null);
        if (steps.Count > current)
        {
            Execute(connection, transaction, $"INSERT INTO schema_migrations (module, version) VALUES ($module, {steps.Count}) " +
                "ON CONFLICT (module) DO UPDATE SET version = excluded.version", module);
        }

        transaction.Commit();
    }

    private static object? Execute(SqliteConnection connection, SqliteTransaction transaction, string sql, string? module)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        if (module is not null)
            command.Parameters.AddWithValue("$module", module);
        return command.ExecuteScalar();
    }
}
