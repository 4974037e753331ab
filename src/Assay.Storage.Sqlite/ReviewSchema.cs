namespace Assay.Storage.Sqlite;

/// <summary>The schema of human oversight: routing decisions, review tasks, labels, adjudications, keys (module <c>review</c>).</summary>
internal static class ReviewSchema
{
    public const string Module = "review";

    public static readonly string[] Steps =
    [
        // 1: routing, tasks, labels, adjudications, API keys.
        """
        CREATE TABLE routing (
            interaction_seq       INTEGER PRIMARY KEY REFERENCES interactions (seq),
            policy                TEXT    NOT NULL,
            tier                  INTEGER NOT NULL,
            inclusion_probability REAL    NOT NULL,
            selected              INTEGER NOT NULL,
            priority              REAL    NOT NULL,
            reason                TEXT    NOT NULL
        );
        CREATE INDEX ix_routing_tier ON routing (tier, selected);

        CREATE TABLE review_tasks (
            task_id          INTEGER PRIMARY KEY,
            interaction_seq  INTEGER NOT NULL UNIQUE REFERENCES interactions (seq),
            policy           TEXT    NOT NULL,
            tier             INTEGER NOT NULL,
            priority         REAL    NOT NULL,
            required_labels  INTEGER NOT NULL,
            status           TEXT    NOT NULL,
            created_at       INTEGER NOT NULL,
            closed_at        INTEGER
        );
        CREATE INDEX ix_review_tasks_queue ON review_tasks (status, priority DESC, task_id);

        CREATE TABLE labels (
            label_id      INTEGER PRIMARY KEY,
            task_id       INTEGER NOT NULL REFERENCES review_tasks (task_id),
            reviewer      TEXT    NOT NULL,
            categories    TEXT    NOT NULL,
            severity      INTEGER,
            note          TEXT,
            seconds       REAL,
            created_at    INTEGER NOT NULL,
            superseded_by INTEGER REFERENCES labels (label_id)
        );
        CREATE UNIQUE INDEX ux_labels_current ON labels (task_id, reviewer) WHERE superseded_by IS NULL;

        CREATE TABLE adjudications (
            adjudication_id INTEGER PRIMARY KEY,
            task_id         INTEGER NOT NULL REFERENCES review_tasks (task_id),
            lead            TEXT    NOT NULL,
            categories      TEXT    NOT NULL,
            severity        INTEGER,
            note            TEXT,
            label_ids       TEXT    NOT NULL,
            created_at      INTEGER NOT NULL,
            superseded_by   INTEGER REFERENCES adjudications (adjudication_id)
        );

        CREATE TABLE api_keys (
            key_id      TEXT    PRIMARY KEY,
            secret_hash TEXT    NOT NULL,
            name        TEXT    NOT NULL,
            role        TEXT    NOT NULL,
            project     TEXT    NOT NULL,
            created_at  INTEGER NOT NULL,
            revoked_at  INTEGER
        );
        """,

        // 2: keys expire, and record (to the minute) when they were last used.
        """
        ALTER TABLE api_keys ADD COLUMN expires_at INTEGER;
        ALTER TABLE api_keys ADD COLUMN last_used_at INTEGER;
        """,

        // 3: a revision finds the label it supersedes (Label.Supersedes) without scanning every label.
        """
        CREATE INDEX ix_labels_superseded_by ON labels (superseded_by);
        """,

        // 4: who was handed which open task by /v1/review/next, until when (Unix ms); a label or the task's closing ends it;
        // deleting the task (retention) deletes its assignments.
        """
        CREATE TABLE task_assignments (
            task_id    INTEGER NOT NULL REFERENCES review_tasks (task_id) ON DELETE CASCADE,
            reviewer   TEXT    NOT NULL,
            expires_at INTEGER NOT NULL,
            PRIMARY KEY (task_id, reviewer)
        );
        CREATE INDEX ix_task_assignments_reviewer ON task_assignments (reviewer, expires_at);
        """,

        // 5: a task carries its interaction's time, so a window of tasks is read from the tasks' own index rather than
        // from every interaction in the window (85% of which were never routed to review).
        """
        ALTER TABLE review_tasks ADD COLUMN occurred_at INTEGER NOT NULL DEFAULT 0;
        UPDATE review_tasks SET occurred_at = (SELECT i.occurred_at FROM interactions i WHERE i.seq = review_tasks.interaction_seq);
        CREATE INDEX ix_review_tasks_occurred ON review_tasks (occurred_at);
        """,

        // 6: what assay demo's generator injected (a share per category and measure), shown to leads beside the estimates.
        """
        CREATE TABLE demo_truth (
            category TEXT NOT NULL,
            measure  TEXT NOT NULL,
            truth    REAL NOT NULL,
            PRIMARY KEY (category, measure)
        );
        """,
    ];
}
