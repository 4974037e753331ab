namespace Assay.Storage.Sqlite;

/// <summary>The schema of the audit log: the hash chain and its subject index (module <c>audit</c>).</summary>
internal static class AuditSchema
{
    public const string Module = "audit";

    public static readonly string[] Steps =
    [
        // 1: the chain (subjects and payload as the canonical JSON text that was hashed) and the index of subjects.
        """
        CREATE TABLE audit_log (
            seq        INTEGER PRIMARY KEY,
            at         INTEGER NOT NULL,
            actor_key  TEXT,
            actor_name TEXT    NOT NULL,
            kind       TEXT    NOT NULL,
            subjects   TEXT    NOT NULL,
            payload    TEXT    NOT NULL,
            prev_hash  TEXT    NOT NULL,
            hash       TEXT    NOT NULL
        );
        CREATE INDEX ix_audit_log_at ON audit_log (at);

        CREATE TABLE audit_subjects (
            subject TEXT    NOT NULL,
            seq     INTEGER NOT NULL,
            PRIMARY KEY (subject, seq)
        ) WITHOUT ROWID;
        """,
    ];
}
