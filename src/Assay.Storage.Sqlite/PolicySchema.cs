namespace Assay.Storage.Sqlite;

/// <summary>The schema of policy versions: uploaded texts and activations (module <c>policy</c>).</summary>
internal static class PolicySchema
{
    public const string Module = "policy";

    public static readonly string[] Steps =
    [
        // 1: every uploaded text under its hash, and the activations in order (the highest id runs).
        """
        CREATE TABLE policy_versions (
            id          INTEGER PRIMARY KEY,
            hash        TEXT    NOT NULL UNIQUE,
            source      TEXT    NOT NULL,
            yaml        TEXT    NOT NULL,
            uploaded_at INTEGER NOT NULL,
            actor_key   TEXT,
            actor_name  TEXT    NOT NULL
        );

        CREATE TABLE policy_activations (
            id           INTEGER PRIMARY KEY,
            hash         TEXT    NOT NULL REFERENCES policy_versions (hash),
            activated_at INTEGER NOT NULL,
            actor_key    TEXT,
            actor_name   TEXT    NOT NULL
        );
        CREATE INDEX ix_policy_activations_hash ON policy_activations (hash);
        """,
    ];
}
