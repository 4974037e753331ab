namespace Assay.Storage.Postgres;

/// <summary>The PostgreSQL schema, as numbered steps per module like the SQLite one (<c>interactions</c>, <c>review</c>, <c>monitoring</c>).</summary>
/// <remarks>
/// Times are Unix milliseconds (<c>bigint</c>) and bodies the canonical JSON bytes (<c>bytea</c>), exactly as in SQLite,
/// so that a database moves between engines unchanged and content hashes stay comparable.
/// Append new steps at the end of a module's list; never edit one that has shipped.
/// </remarks>
internal static class PostgresSchema
{
    public static readonly IReadOnlyList<(string Module, string[] Steps)> Modules =
    [
        ("interactions", [
            // 1: interactions, flags, self-agreement scores.
            """
            CREATE TABLE interactions (
                seq              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                id               text   NOT NULL UNIQUE,
                content_hash     text   NOT NULL,
                occurred_at      bigint NOT NULL,
                received_at      bigint NOT NULL,
                model            text   NOT NULL,
                project          text,
                body             bytea  NOT NULL,
                processed_policy text,
                processed_at     bigint,
                diagnostics      text
            );
            CREATE INDEX ix_interactions_unprocessed ON interactions (seq) WHERE processed_at IS NULL;
            CREATE INDEX ix_interactions_occurred ON interactions (occurred_at);

            CREATE TABLE flags (
                flag_id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                interaction_seq bigint NOT NULL REFERENCES interactions (seq),
                policy          text   NOT NULL,
                rule            text   NOT NULL,
                category        text   NOT NULL,
                severity        integer NOT NULL,
                occurred_at     bigint NOT NULL,
                body            bytea  NOT NULL,
                UNIQUE (interaction_seq, policy, rule)
            );
            CREATE INDEX ix_flags_category ON flags (category, flag_id);
            CREATE INDEX ix_flags_rule ON flags (rule, flag_id);
            CREATE INDEX ix_flags_occurred ON flags (occurred_at);

            CREATE TABLE self_agreement (
                interaction_seq bigint  NOT NULL REFERENCES interactions (seq),
                source          text    NOT NULL,
                policy          text,
                model_version   text    NOT NULL,
                method          text    NOT NULL,
                sample_count    integer NOT NULL,
                score           double precision,
                unsupported     integer NOT NULL,
                samples         bytea,
                occurred_at     bigint  NOT NULL,
                recorded_at     bigint  NOT NULL,
                drawn_by        text,
                tokens          bigint,
                PRIMARY KEY (interaction_seq, source)
            );
            CREATE INDEX ix_self_agreement_occurred ON self_agreement (occurred_at);
            """,

            // 2: pipeline claims: the node that holds an unprocessed interaction, until when (Unix ms). Kept after processing,
            // so the last holder is the node that processed it. The partial index on unprocessed seq still finds the work.
            """
            ALTER TABLE interactions ADD COLUMN lease_owner text, ADD COLUMN lease_until bigint;
            """,

            // 3: judge verdicts, one per interaction, judge rule and policy, whatever the outcome (calibration needs passes too).
            // Its foreign key is added by "retention" 3, to interaction_ids: a key to interactions would block the partitioning.
            """
            CREATE TABLE judge_verdicts (
                interaction_seq bigint  NOT NULL,
                rule            text    NOT NULL,
                policy          text    NOT NULL,
                model           text    NOT NULL,
                outcome         text    NOT NULL,
                score           double precision,
                quotes          text    NOT NULL,
                explanation     text,
                problem         text,
                answer          text    NOT NULL,
                tokens          bigint  NOT NULL,
                occurred_at     bigint  NOT NULL,
                recorded_at     bigint  NOT NULL,
                PRIMARY KEY (interaction_seq, rule, policy)
            );
            CREATE INDEX ix_judge_verdicts_recorded ON judge_verdicts (recorded_at);
            """,

            // 4: judge calls that store no verdict (replay --rejudge), counted against the judges' shared daily token budget.
            """
            CREATE TABLE judge_spend (
                id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                source      text   NOT NULL,
                rule        text   NOT NULL,
                tokens      bigint NOT NULL,
                recorded_at bigint NOT NULL
            );
            CREATE INDEX ix_judge_spend_recorded ON judge_spend (recorded_at);
            """,
        ]),
        ("review", [
            // 1: routing, tasks, labels, adjudications, API keys.
            """
            CREATE TABLE routing (
                interaction_seq       bigint PRIMARY KEY REFERENCES interactions (seq),
                policy                text    NOT NULL,
                tier                  integer NOT NULL,
                inclusion_probability double precision NOT NULL,
                selected              integer NOT NULL,
                priority              double precision NOT NULL,
                reason                text    NOT NULL
            );
            CREATE INDEX ix_routing_tier ON routing (tier, selected);

            CREATE TABLE review_tasks (
                task_id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                interaction_seq  bigint  NOT NULL UNIQUE REFERENCES interactions (seq),
                policy           text    NOT NULL,
                tier             integer NOT NULL,
                priority         double precision NOT NULL,
                required_labels  integer NOT NULL,
                status           text    NOT NULL,
                created_at       bigint  NOT NULL,
                closed_at        bigint
            );
            CREATE INDEX ix_review_tasks_queue ON review_tasks (status, priority DESC, task_id);

            CREATE TABLE labels (
                label_id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                task_id       bigint  NOT NULL REFERENCES review_tasks (task_id),
                reviewer      text    NOT NULL,
                categories    text    NOT NULL,
                severity      integer,
                note          text,
                seconds       double precision,
                created_at    bigint  NOT NULL,
                superseded_by bigint REFERENCES labels (label_id)
            );
            CREATE UNIQUE INDEX ux_labels_current ON labels (task_id, reviewer) WHERE superseded_by IS NULL;
            CREATE INDEX ix_labels_superseded_by ON labels (superseded_by);

            CREATE TABLE adjudications (
                adjudication_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                task_id         bigint  NOT NULL REFERENCES review_tasks (task_id),
                lead            text    NOT NULL,
                categories      text    NOT NULL,
                severity        integer,
                note            text,
                label_ids       text    NOT NULL,
                created_at      bigint  NOT NULL,
                superseded_by   bigint REFERENCES adjudications (adjudication_id)
            );

            CREATE TABLE api_keys (
                key_id       text   PRIMARY KEY,
                secret_hash  text   NOT NULL,
                name         text   NOT NULL,
                role         text   NOT NULL,
                project      text   NOT NULL,
                created_at   bigint NOT NULL,
                revoked_at   bigint,
                expires_at   bigint,
                last_used_at bigint
            );
            """,

            // 2: who was handed which open task by /v1/review/next, until when (Unix ms); a label or the task's closing ends it;
            // deleting the task (retention) deletes its assignments.
            """
            CREATE TABLE task_assignments (
                task_id    bigint NOT NULL REFERENCES review_tasks (task_id) ON DELETE CASCADE,
                reviewer   text   NOT NULL,
                expires_at bigint NOT NULL,
                PRIMARY KEY (task_id, reviewer)
            );
            CREATE INDEX ix_task_assignments_reviewer ON task_assignments (reviewer, expires_at);
            """,

            // 3: a task carries its interaction's time, so a window of tasks is read from the tasks' own index rather
            // than from every interaction in the window (85% of which were never routed to review).
            """
            ALTER TABLE review_tasks ADD COLUMN occurred_at bigint;
            UPDATE review_tasks t SET occurred_at = i.occurred_at FROM interactions i WHERE i.seq = t.interaction_seq;
            ALTER TABLE review_tasks ALTER COLUMN occurred_at SET NOT NULL;
            CREATE INDEX ix_review_tasks_occurred ON review_tasks (occurred_at);
            """,

            // 4: what assay demo's generator injected (a share per category and measure), shown to leads beside the estimates.
            """
            CREATE TABLE demo_truth (
                category text             NOT NULL,
                measure  text             NOT NULL,
                truth    double precision NOT NULL,
                PRIMARY KEY (category, measure)
            );
            """,
        ]),
        ("monitoring", [
            // 1: open alerts (the evaluator's state), the event log, and delivery outcomes.
            """
            CREATE TABLE open_alerts (
                rule_id  text   NOT NULL,
                key      text   NOT NULL,
                fired_at bigint NOT NULL,
                value    double precision,
                message  text   NOT NULL,
                PRIMARY KEY (rule_id, key)
            );

            CREATE TABLE alert_events (
                event_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                rule_id     text   NOT NULL,
                key         text   NOT NULL,
                state       text   NOT NULL,
                fired_at    bigint NOT NULL,
                resolved_at bigint,
                value       double precision,
                message     text   NOT NULL,
                recorded_at bigint NOT NULL
            );

            CREATE TABLE alert_deliveries (
                delivery_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                event_id  bigint  NOT NULL REFERENCES alert_events (event_id),
                target    text    NOT NULL,
                attempts  integer NOT NULL,
                delivered integer NOT NULL,
                error     text,
                at        bigint  NOT NULL
            );
            CREATE INDEX ix_alert_deliveries_event ON alert_deliveries (event_id);
            """,
        ]),
        ("retention", [
            // 1: retention deletes by received_at, oldest first, in batches.
            "CREATE INDEX ix_interactions_received ON interactions (received_at);",

            // 2: interactions partitioned by day of received_at, so that retention drops a day instead of deleting its rows
            // (docs/STORAGE.md, "Time partitions"). Here rather than in "interactions" because it must run after "review" 1
            // has made routing and review_tasks, whose foreign keys it moves.
            //
            // A unique constraint on a partitioned table must include the partition key, so the idempotency key (id unique)
            // moves to interaction_ids, a narrow table that ingest writes in the same statement as the row; it also owns the
            // sequence's truth (seq unique), so the dependants' foreign keys point at it instead of at interactions. That
            // interaction_ids(seq) and interactions(seq) name the same rows is the application's to keep (PostgresInteractionStore,
            // PostgresRetention); no later step may add a foreign key to interactions. Existing rows are copied over here.
            """
            CREATE SEQUENCE interactions_seq AS bigint;
            SELECT setval('interactions_seq', greatest(
                (SELECT coalesce(max(seq), 0) FROM interactions),
                coalesce(pg_sequence_last_value(pg_get_serial_sequence('interactions', 'seq')::regclass), 0)) + 1, false);

            CREATE TABLE interaction_ids (
                id           text   PRIMARY KEY,
                seq          bigint NOT NULL UNIQUE,
                content_hash text   NOT NULL,
                received_at  bigint NOT NULL
            );
            INSERT INTO interaction_ids (id, seq, content_hash, received_at) SELECT id, seq, content_hash, received_at FROM interactions;
            CREATE INDEX ix_interaction_ids_received ON interaction_ids (received_at, seq);

            ALTER TABLE flags DROP CONSTRAINT flags_interaction_seq_fkey,
                ADD CONSTRAINT flags_interaction_seq_fkey FOREIGN KEY (interaction_seq) REFERENCES interaction_ids (seq);
            ALTER TABLE self_agreement DROP CONSTRAINT self_agreement_interaction_seq_fkey,
                ADD CONSTRAINT self_agreement_interaction_seq_fkey FOREIGN KEY (interaction_seq) REFERENCES interaction_ids (seq);
            ALTER TABLE routing DROP CONSTRAINT routing_interaction_seq_fkey,
                ADD CONSTRAINT routing_interaction_seq_fkey FOREIGN KEY (interaction_seq) REFERENCES interaction_ids (seq);
            ALTER TABLE review_tasks DROP CONSTRAINT review_tasks_interaction_seq_fkey,
                ADD CONSTRAINT review_tasks_interaction_seq_fkey FOREIGN KEY (interaction_seq) REFERENCES interaction_ids (seq);

            ALTER TABLE interactions RENAME TO interactions_unpartitioned;
            ALTER TABLE interactions_unpartitioned DROP CONSTRAINT interactions_pkey, DROP CONSTRAINT interactions_id_key;
            DROP INDEX ix_interactions_unprocessed, ix_interactions_occurred, ix_interactions_received;

            -- LIKE carries every column in order, including any that a later "interactions" step added before this one ran.
            CREATE TABLE interactions (LIKE interactions_unpartitioned INCLUDING DEFAULTS, PRIMARY KEY (seq, received_at))
                PARTITION BY RANGE (received_at);
            ALTER TABLE interactions ALTER COLUMN seq SET DEFAULT nextval('interactions_seq');
            ALTER SEQUENCE interactions_seq OWNED BY interactions.seq;
            CREATE INDEX ix_interactions_id ON interactions (id);
            CREATE INDEX ix_interactions_unprocessed ON interactions (seq) WHERE processed_at IS NULL;
            CREATE INDEX ix_interactions_occurred ON interactions (occurred_at);
            CREATE INDEX ix_interactions_received ON interactions (received_at);
            -- Rows whose day has no partition: arrivals before the day's partition was made, and the reviewed interactions
            -- retention keeps when it drops their day.
            CREATE TABLE interactions_default PARTITION OF interactions DEFAULT;

            -- Makes the partition of a UTC day (days since 1970-01-01), moving into it any rows of that day waiting in the
            -- default partition; false when it exists. Callers serialise on an advisory lock (PostgresPartitions).
            CREATE FUNCTION assay_interactions_partition(day bigint) RETURNS boolean LANGUAGE plpgsql AS $f$
            DECLARE
                name text := 'interactions_p' || to_char(to_timestamp(day * 86400) AT TIME ZONE 'UTC', 'YYYYMMDD');
                low  bigint := day * 86400000;
                high bigint := (day + 1) * 86400000;
            BEGIN
                IF to_regclass(name) IS NOT NULL THEN
                    RETURN false;
                END IF;
                IF EXISTS (SELECT 1 FROM interactions_default WHERE received_at >= low AND received_at < high) THEN
                    CREATE TEMP TABLE IF NOT EXISTS assay_moving (LIKE interactions) ON COMMIT DROP;
                    WITH moved AS (DELETE FROM interactions_default WHERE received_at >= low AND received_at < high RETURNING *)
                    INSERT INTO assay_moving SELECT * FROM moved;
                    EXECUTE format('CREATE TABLE %I PARTITION OF interactions FOR VALUES FROM (%s) TO (%s)', name, low, high);
                    INSERT INTO interactions SELECT * FROM assay_moving;
                    DELETE FROM assay_moving;
                ELSE
                    EXECUTE format('CREATE TABLE %I PARTITION OF interactions FOR VALUES FROM (%s) TO (%s)', name, low, high);
                END IF;
                RETURN true;
            END
            $f$;

            SELECT assay_interactions_partition(day)
            FROM (SELECT DISTINCT floor(received_at / 86400000.0)::bigint AS day FROM interactions_unpartitioned) days;
            INSERT INTO interactions SELECT * FROM interactions_unpartitioned;
            DROP TABLE interactions_unpartitioned;
            """,

            // 3: judge verdicts refer to the interaction's id row, like every other dependant ("interactions" 3 made the table).
            """
            ALTER TABLE judge_verdicts
                ADD CONSTRAINT judge_verdicts_interaction_seq_fkey FOREIGN KEY (interaction_seq) REFERENCES interaction_ids (seq);
            """,
        ]),
        ("host", [
            // 1: the ASP.NET Core data-protection key ring, shared by every node so that a UI session works on any of them.
            """
            CREATE TABLE data_protection_keys (
                name       text   PRIMARY KEY,
                xml        text   NOT NULL,
                created_at bigint NOT NULL
            );
            """,
        ]),
        ("search", PostgresSearch.Steps),
        ("audit", PostgresAudit.Steps),
        ("policy", [
            // 1: every uploaded text under its hash, and the activations in order (the highest id runs).
            """
            CREATE TABLE policy_versions (
                id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                hash        text   NOT NULL UNIQUE,
                source      text   NOT NULL,
                yaml        text   NOT NULL,
                uploaded_at bigint NOT NULL,
                actor_key   text,
                actor_name  text   NOT NULL
            );

            CREATE TABLE policy_activations (
                id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                hash         text   NOT NULL REFERENCES policy_versions (hash),
                activated_at bigint NOT NULL,
                actor_key    text,
                actor_name   text   NOT NULL
            );
            CREATE INDEX ix_policy_activations_hash ON policy_activations (hash);
            """,
        ]),
        ("incidents", [
            // 1: incidents (the post-mortem's actions as one JSON array), what each links to, and each one's history.
            """
            CREATE TABLE incidents (
                id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                project        text   NOT NULL,
                title          text   NOT NULL,
                severity       text   NOT NULL,
                status         text   NOT NULL,
                opened_at      bigint NOT NULL,
                actor_key      text,
                actor_name     text   NOT NULL,
                started_at     bigint,
                detected_at    bigint NOT NULL,
                resolved_at    bigint,
                alert_event_id bigint UNIQUE,
                what_happened  text   NOT NULL,
                slipped_past   text   NOT NULL,
                actions        text   NOT NULL
            );
            CREATE INDEX ix_incidents_opened ON incidents (opened_at);

            CREATE TABLE incident_links (
                incident_id bigint NOT NULL REFERENCES incidents (id),
                position    int    NOT NULL,
                kind        text   NOT NULL,
                ref         text   NOT NULL,
                PRIMARY KEY (incident_id, kind, ref)
            );

            CREATE TABLE incident_events (
                id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                incident_id bigint NOT NULL REFERENCES incidents (id),
                at          bigint NOT NULL,
                actor_key   text,
                actor_name  text   NOT NULL,
                kind        text   NOT NULL,
                text        text   NOT NULL
            );
            CREATE INDEX ix_incident_events_incident ON incident_events (incident_id, id);
            """,
        ]),
    ];
}
