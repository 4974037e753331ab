using Npgsql;
using NpgsqlTypes;

namespace Assay.Storage.Postgres;

/// <summary>Builds parameterised commands with positional parameters (<c>$1</c>, <c>$2</c>, …); nulls carry their type.</summary>
internal static class PostgresCommands
{
    public static NpgsqlCommand Create(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params object?[] values)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values)
            command.Parameters.Add(Parameter(value));
        return command;
    }

    /// <summary>Replaces the values of <paramref name="command"/>'s parameters, in order, to run it again.</summary>
    public static NpgsqlCommand Bind(NpgsqlCommand command, params object?[] values)
    {
        command.Parameters.Clear();
        foreach (var value in values)
            command.Parameters.Add(Parameter(value));
        return command;
    }

    /// <summary>A typed null: PostgreSQL cannot infer the type of a bare null in <c>$n IS NULL</c>.</summary>
    public static NpgsqlParameter Null(NpgsqlDbType type) => new() { Value = DBNull.Value, NpgsqlDbType = type };

    /// <summary>A name quoted for SQL (<c>"a""b"</c>), for the partitions retention drops by the name the catalog gives.</summary>
    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static NpgsqlParameter Parameter(object? value) => value switch
    {
        NpgsqlParameter parameter => parameter,
        null => new NpgsqlParameter { Value = DBNull.Value },
        _ => new NpgsqlParameter { Value = value },
    };
}
