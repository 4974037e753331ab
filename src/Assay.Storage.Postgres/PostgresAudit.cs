using Assay.Audit;
using Npgsql;

namespace Assay.Storage.Postgres;

/// <summary>The audit module on PostgreSQL: its schema, and the append every store runs inside its own transaction.</summary>
/// <remarks>
/// The chain stays linear across nodes because an append first takes a transaction-scoped advisory lock, then reads the
/// head: a second writer waits until the first commits (or rolls back) and then sees its entries. Stores append last,
/// just before they commit, so the lock is held for as short a time as possible.
/// </remarks>
internal static class PostgresAudit
{
    /// <summary>The advisory lock key of audit appends (an arbitrary constant, "audit" in ASCII).</summary>
    internal const long AppendLock = 0x6175646974;

    public static readonly string[] Steps =
    [
        // 1: the chain (subjects and payload as the canonical JSON text that was hashed) and the index of subjects.
        """
        CREATE TABLE audit_log (
            seq        bigint PRIMARY KEY,
            at         bigint NOT NULL,
            actor_key  text,
            actor_name text   NOT NULL,
            kind       text   NOT NULL,
            subjects   text   NOT NULL,
            payload    text   NOT NULL,
            prev_hash  text   NOT NULL,
            hash       text   NOT NULL
        );
        CREATE INDEX ix_audit_log_at ON audit_log (at);

        CREATE TABLE audit_subjects (
            subject text   NOT NULL,
            seq     bigint NOT NULL,
            PRIMARY KEY (subject, seq)
        );
        """,
    ];

    public const string Columns = "seq, at, actor_key, actor_name, kind, subjects, payload, prev_hash, hash";

    public static async Task<IReadOnlyList<AuditEntry>> AppendAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<AuditRecord> records, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
            return [];
        await using (var lockCommand = PostgresCommands.Create(connection, transaction, $"SELECT pg_advisory_xact_lock({AppendLock})"))
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        long seq = 0;
        var hash = AuditChain.Genesis;
        await using (var head = PostgresCommands.Create(connection, transaction, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"))
        await using (var reader = await head.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                seq = reader.GetInt64(0);
                hash = reader.GetString(1);
            }
        }

        var entries = new List<AuditEntry>(records.Count);
        foreach (var record in records)
        {
            var entry = AuditChain.Link(++seq, now, hash, record);
            hash = entry.Hash;
            entries.Add(entry);
        }

        // One statement per table for the whole batch, whatever its size.
        await using (var insert = PostgresCommands.Create(connection, transaction, """
            INSERT INTO audit_log (seq, at, actor_key, actor_name, kind, subjects, payload, prev_hash, hash)
            SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
            """,
            entries.Select(e => e.Seq).ToArray(), entries.Select(e => e.Time.ToUnixTimeMilliseconds()).ToArray(),
            entries.Select(e => e.Actor.KeyId).ToArray(), entries.Select(e => e.Actor.Name).ToArray(), entries.Select(e => e.Kind).ToArray(),
            entries.Select(e => e.Subjects).ToArray(), entries.Select(e => e.Payload).ToArray(),
            entries.Select(e => e.PreviousHash).ToArray(), entries.Select(e => e.Hash).ToArray()))
            await insert.ExecuteNonQueryAsync(cancellationToken);
        var subjects = entries.Zip(records).SelectMany(p => p.Second.Subjects.Distinct(StringComparer.Ordinal).Select(s => (s, p.First.Seq))).ToArray();
        if (subjects.Length > 0)
        {
            await using var index = PostgresCommands.Create(connection, transaction,
                "INSERT INTO audit_subjects (subject, seq) SELECT * FROM unnest($1::text[], $2::bigint[])",
                subjects.Select(s => s.Item1).ToArray(), subjects.Select(s => s.Item2).ToArray());
            await index.ExecuteNonQueryAsync(cancellationToken);
        }

        return entries;
    }

    public static AuditEntry Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
        new AuditActor(reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3)),
        reader.GetString(4),
        reader.GetString(5),
        reader.GetString(6),
        reader.GetString(7),
        reader.GetString(8));
}
