namespace Assay.Storage.Sqlite;

/// <summary>The schema of the interaction log: interactions and their flags (module <c>interactions</c>).</summary>
internal static class InteractionSchema
{
    public const string Module = "interactions";

    public static readonly string[] Steps =
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

        // 2: self-agreement scores, one per interaction and sample source (client samples, or drawn by Assay).
        """
        CREATE TABLE self_agreement (
            interaction_seq INTEGER NOT NULL REFERENCES interactions (seq),
            source          TEXT    NOT NULL,
            policy          TEXT,
            model_version   TEXT    NOT NULL,
            method          TEXT    NOT NULL,
            sample_count    INTEGER NOT NULL,
            score           REAL,
            unsupported     INTEGER NOT NULL,
            samples         BLOB,
            occurred_at     INTEGER NOT NULL,
            recorded_at     INTEGER NOT NULL,
            PRIMARY KEY (interaction_seq, source)
        );
        CREATE INDEX ix_self_agreement_occurred ON self_agreement (occurred_at);
        """,

        // 3: which model drew the samples Assay drew itself, for the audit trail and the flag's explanation on replay.
        "ALTER TABLE self_agreement ADD COLUMN drawn_by TEXT;",

        // 4: what drawing the samples cost, so the sampler's daily token budget survives a restart.
        "ALTER TABLE self_agreement ADD COLUMN tokens INTEGER;",

        // 5: pipeline claims: the node that holds an unprocessed interaction, until when (Unix ms). Kept after processing,
        // so the last holder is the node that processed it. The partial index on unprocessed seq still finds the work.
        """
        ALTER TABLE interactions ADD COLUMN lease_owner TEXT;
        ALTER TABLE interactions ADD COLUMN lease_until INTEGER;
        """,

        // 6: judge verdicts, one per interaction, judge rule and policy, whatever the outcome (calibration needs passes too).
        """
        CREATE TABLE judge_verdicts (
            interaction_seq INTEGER NOT NULL REFERENCES interactions (seq),
            rule            TEXT    NOT NULL,
            policy          TEXT    NOT NULL,
            model           TEXT    NOT NULL,
            outcome         TEXT    NOT NULL,
            score           REAL,
            quotes          TEXT    NOT NULL,
            explanation     TEXT,
            problem         TEXT,
            answer          TEXT    NOT NULL,
            tokens          INTEGER NOT NULL,
            occurred_at     INTEGER NOT NULL,
            recorded_at     INTEGER NOT NULL,
            PRIMARY KEY (interaction_seq, rule, policy)
        );
        CREATE INDEX ix_judge_verdicts_recorded ON judge_verdicts (recorded_at);
        """,

        // 7: judge calls that store no verdict (replay --rejudge), counted against the judges' shared daily token budget.
        """
        CREATE TABLE judge_spend (
            id          INTEGER PRIMARY KEY,
            source      TEXT    NOT NULL,
            rule        TEXT    NOT NULL,
            tokens      INTEGER NOT NULL,
            recorded_at INTEGER NOT NULL
        );
        CREATE INDEX ix_judge_spend_recorded ON judge_spend (recorded_at);
        """,
    ];
}
