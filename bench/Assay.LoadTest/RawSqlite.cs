using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Assay.LoadTest;

/// <summary>The ceiling: the same rows inserted straight into SQLite (WAL, synchronous=FULL), no HTTP, no validation.</summary>
internal static class RawSqlite
{
    public static LoadResult Insert(Payloads payloads, int rows, int perTransaction)
    {
        var directory = Directory.CreateTempSubdirectory("assay-raw-").FullName;
        try
        {
            var items = payloads.Parsed(rows).ToArray();
            using var connection = new SqliteConnection($"Data Source={Path.Combine(directory, "raw.db")}");
            connection.Open();
            Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
            Execute(connection, """
                CREATE TABLE interactions (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, content_hash TEXT NOT NULL,
                    occurred_at INTEGER NOT NULL, received_at INTEGER NOT NULL, model TEXT NOT NULL, project TEXT, body BLOB NOT NULL,
                    processed_policy TEXT, processed_at INTEGER, diagnostics TEXT);
                CREATE INDEX ix_unprocessed ON interactions (seq) WHERE processed_at IS NULL;
                CREATE INDEX ix_occurred ON interactions (occurred_at);
                """);
            var stopwatch = Stopwatch.StartNew();
            for (var offset = 0; offset < rows; offset += perTransaction)
            {
                using var transaction = connection.BeginTransaction();
                using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO interactions (id, content_hash, occurred_at, received_at, model, project, body) VALUES ($1, $2, $3, $4, $5, $6, $7)";
                var p = Enumerable.Range(1, 7).Select(i => insert.Parameters.Add("$" + i, SqliteType.Text)).ToArray();
                for (var i = offset; i < Math.Min(rows, offset + perTransaction); i++)
                {
                    var item = items[i];
                    p[0].Value = item.Interaction.Id;
                    p[1].Value = item.ContentHash;
                    p[2].Value = item.Interaction.Timestamp!.Value.ToUnixTimeMilliseconds();
                    p[3].Value = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                    p[4].Value = item.Interaction.Model;
                    p[5].Value = item.Interaction.Metadata.Project;
                    p[6].Value = item.CanonicalJson;
                    insert.ExecuteNonQuery();
                }

                transaction.Commit();
            }

            return new LoadResult($"raw SQLite, {perTransaction} rows/transaction", rows, (rows + perTransaction - 1) / perTransaction, 0, stopwatch.Elapsed, []);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
