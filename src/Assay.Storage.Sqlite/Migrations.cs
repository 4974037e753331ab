using Microsoft.Data.Sqlite;

namespace Assay.Storage.Sqlite;

/// <summary>The numbered schema migrations; <c>PRAGMA user_version</c> records how many have run.</summary>
/// <remarks>Append new migrations at the end; never edit one that has shipped.</remarks>
internal static class Migrations
{
    private static readonly string[] s_steps =
    [
        // 1: interactions, flags.
        """
        CREATE TABLE interactions (
            seq              INTEGER PRIMARY KEY,
            id               TEXT    NOT NULL UNIQUE,
            content_hash     TEXT    NOT NULL,
            occurred_at      INTEGER NOT NULL,
            received_at      INTEGER NOT NULL,
            model            TEXT    NOT NULL,
            project          TEXT,
            body             BLOB    NOT NULL,
            processed_policy TEXT,
            processed_at     INTEGER,
            diagnostics      TEXT
        );
        CREATE INDEX ix_interactions_unprocessed ON interactions (seq) WHERE processed_at IS NULL;
        CREATE INDEX ix_interactions_occurred ON interactions (occurred_at);

        CREATE TABLE flags (
            flag_id         INTEGER PRIMARY KEY,
            interaction_seq INTEGER NOT NULL REFERENCES interactions (seq),
            policy          TEXT    NOT NULL,
            rule            TEXT    NOT NULL,
            category        TEXT    NOT NULL,
            severity        INTEGER NOT NULL,
            occurred_at     INTEGER NOT NULL,
            body            BLOB    NOT NULL,
            UNIQUE (interaction_seq, policy, rule)
        );
        CREATE INDEX ix_flags_category ON flags (category, flag_id);
        CREATE INDEX ix_flags_rule ON flags (rule, flag_id);
        CREATE INDEX ix_flags_occurred ON flags (occurred_at);
        """,
    ];

    public static int Latest => s_steps.Length;

    public static void Apply(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        var current = Convert.ToInt32(Execute(connection, transaction, "PRAGMA user_version", scalar: true), System.Globalization.CultureInfo.InvariantCulture);
        if (current > s_steps.Length)
            throw new InvalidOperationException($"The database schema is version {current}, newer than this Assay ({s_steps.Length}); upgrade Assay.");
        for (var step = current; step < s_steps.Length; step++)
        {
            Execute(connection, transaction, s_steps[step], scalar: false);
            Execute(connection, transaction, $"PRAGMA user_version = {step + 1}", scalar: false);
        }

        transaction.Commit();
    }

    private static object? Execute(SqliteConnection connection, SqliteTransaction transaction, string sql, bool scalar)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        if (scalar)
            return command.ExecuteScalar();
        command.ExecuteNonQuery();
        return null;
    }
}
