namespace Assay.Storage.Sqlite;

/// <summary>The schema of incidents: each incident, its links and its own timeline (module <c>incidents</c>).</summary>
internal static class IncidentSchema
{
    public const string Module = "incidents";

    public static readonly string[] Steps =
    [
        // 1: incidents (the post-mortem's actions as one JSON array), what each links to, and each one's history.
        """
        CREATE TABLE incidents (
            id             INTEGER PRIMARY KEY,
            project        TEXT    NOT NULL,
            title          TEXT    NOT NULL,
            severity       TEXT    NOT NULL,
            status         TEXT    NOT NULL,
            opened_at      INTEGER NOT NULL,
            actor_key      TEXT,
            actor_name     TEXT    NOT NULL,
            started_at     INTEGER,
            detected_at    INTEGER NOT NULL,
            resolved_at    INTEGER,
            alert_event_id INTEGER UNIQUE,
            what_happened  TEXT    NOT NULL,
            slipped_past   TEXT    NOT NULL,
            actions        TEXT    NOT NULL
        );
        CREATE INDEX ix_incidents_opened ON incidents (opened_at);

        CREATE TABLE incident_links (
            incident_id INTEGER NOT NULL REFERENCES incidents (id),
            position    INTEGER NOT NULL,
            kind        TEXT    NOT NULL,
            ref         TEXT    NOT NULL,
            PRIMARY KEY (incident_id, kind, ref)
        );

        CREATE TABLE incident_events (
            id          INTEGER PRIMARY KEY,
            incident_id INTEGER NOT NULL REFERENCES incidents (id),
            at          INTEGER NOT NULL,
            actor_key   TEXT,
            actor_name  TEXT    NOT NULL,
            kind        TEXT    NOT NULL,
            text        TEXT    NOT NULL
        );
        CREATE INDEX ix_incident_events_incident ON incident_events (incident_id, id);
        """,
    ];
}
