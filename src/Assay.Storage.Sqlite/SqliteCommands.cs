using Microsoft.Data.Sqlite;

namespace Assay.Storage.Sqlite;

/// <summary>The small command helpers every SQLite store uses: parameterised commands, executed or rebound.</summary>
internal static class SqliteCommands
{
    /// <summary>A command with <paramref name="sql"/> and its parameters, inside <paramref name="transaction"/> when given.</summary>
    public static SqliteCommand Create(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        return command;
    }

    public static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Create(connection, transaction, sql, parameters);
        command.ExecuteNonQuery();
    }

    /// <summary>Sets parameter values on a command reused for many rows, adding those it does not have yet.</summary>
    public static void Bind(SqliteCommand command, params ReadOnlySpan<(string Name, object Value)> values)
    {
        foreach (var (name, value) in values)
        {
            if (command.Parameters.Contains(name))
                command.Parameters[name].Value = value;
            else
                command.Parameters.AddWithValue(name, value);
        }
    }
}
