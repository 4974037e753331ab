using Assay.Audit;
using Microsoft.Data.Sqlite;

namespace Assay.Storage.Sqlite;

/// <summary>Appends audit entries inside a write transaction of any SQLite store, so a decision and its entry commit together.</summary>
/// <remarks>
/// Call on the write connection under <see cref="SqliteDatabase.WriteAsync{T}"/>, inside a transaction that holds SQLite's
/// write lock (Microsoft.Data.Sqlite begins transactions <c>IMMEDIATE</c>): that lock is what keeps the chain linear, also
/// against other processes on the same file, because the head is read under it.
/// </remarks>
internal static class SqliteAudit
{
    public static IReadOnlyList<AuditEntry> Append(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<AuditRecord> records, DateTimeOffset now)
    {
        if (records.Count == 0)
            return [];
        long seq = 0;
        var hash = AuditChain.Genesis;
        using (var head = SqliteCommands.Create(connection, transaction, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"))
        using (var reader = head.ExecuteReader())
        {
            if (reader.Read())
            {
                seq = reader.GetInt64(0);
                hash = reader.GetString(1);
            }
        }

        using var insert = SqliteCommands.Create(connection, transaction, """
            INSERT INTO audit_log (seq, at, actor_key, actor_name, kind, subjects, payload, prev_hash, hash)
            VALUES ($seq, $at, $key, $name, $kind, $subjects, $payload, $prev, $hash)
            """);
        using var subject = SqliteCommands.Create(connection, transaction,
            "INSERT INTO audit_subjects (subject, seq) VALUES ($subject, $seq) ON CONFLICT DO NOTHING");
        var entries = new List<AuditEntry>(records.Count);
        foreach (var record in records)
        {
            var entry = AuditChain.Link(++seq, now, hash, record);
            SqliteCommands.Bind(insert, ("$seq", entry.Seq), ("$at", entry.Time.ToUnixTimeMilliseconds()),
                ("$key", (object?)entry.Actor.KeyId ?? DBNull.Value), ("$name", entry.Actor.Name), ("$kind", entry.Kind),
                ("$subjects", entry.Subjects), ("$payload", entry.Payload), ("$prev", entry.PreviousHash), ("$hash", entry.Hash));
            insert.ExecuteNonQuery();
            foreach (var id in record.Subjects)
            {
                SqliteCommands.Bind(subject, ("$subject", id), ("$seq", entry.Seq));
                subject.ExecuteNonQuery();
            }

            hash = entry.Hash;
            entries.Add(entry);
        }

        return entries;
    }

    public const string Columns = "seq, at, actor_key, actor_name, kind, subjects, payload, prev_hash, hash";

    /// <summary>Reads an entry selected with <see cref="Columns"/>.</summary>
    public static AuditEntry Read(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
        new AuditActor(reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3)),
        reader.GetString(4),
        reader.GetString(5),
        reader.GetString(6),
        reader.GetString(7),
        reader.GetString(8));
}
