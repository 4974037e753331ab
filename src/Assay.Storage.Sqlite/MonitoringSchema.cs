namespace Assay.Storage.Sqlite;

/// <summary>The schema of monitoring: open alerts, alert events, their deliveries and the leases of singleton roles (module <c>monitoring</c>).</summary>
internal static class MonitoringSchema
{
    public const string Module = "monitoring";

    public static readonly string[] Steps =
    [
        // 1: open alerts (the evaluator's state), the event log, and delivery outcomes.
        """
        CREATE TABLE open_alerts (
            rule_id   TEXT    NOT NULL,
            key       TEXT    NOT NULL,
            fired_at  INTEGER NOT NULL,
            value     REAL,
            message   TEXT    NOT NULL,
            PRIMARY KEY (rule_id, key)
        );

        CREATE TABLE alert_events (
            event_id    INTEGER PRIMARY KEY,
            rule_id     TEXT    NOT NULL,
            key         TEXT    NOT NULL,
            state       TEXT    NOT NULL,
            fired_at    INTEGER NOT NULL,
            resolved_at INTEGER,
            value       REAL,
            message     TEXT    NOT NULL,
            recorded_at INTEGER NOT NULL
        );

        CREATE TABLE alert_deliveries (
            event_id  INTEGER NOT NULL REFERENCES alert_events (event_id),
            target    TEXT    NOT NULL,
            attempts  INTEGER NOT NULL,
            delivered INTEGER NOT NULL,
            error     TEXT,
            at        INTEGER NOT NULL
        );
        CREATE INDEX ix_alert_deliveries_event ON alert_deliveries (event_id);
        """,

        // 2: leases of the singleton roles (the monitor, the sampler), so that two processes on one file never both lead.
        """
        CREATE TABLE leases (
            role       TEXT    PRIMARY KEY,
            owner      TEXT    NOT NULL,
            expires_at INTEGER NOT NULL
        );
        """,
    ];
}
