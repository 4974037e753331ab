using Assay.Monitoring;
using Microsoft.Data.Sqlite;

namespace Assay.Storage.Sqlite;

/// <summary>The SQLite alert store: open alerts, the alert event log and delivery outcomes.</summary>
public sealed class SqliteAlertStore(SqliteDatabase database, TimeProvider clock) : IAlertStore
{
    public async Task<IReadOnlyList<Alert>> OpenAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT rule_id, key, fired_at, value, message FROM open_alerts ORDER BY fired_at, rule_id, key";
        var alerts = new List<Alert>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            alerts.Add(new Alert(reader.GetString(0), reader.GetString(1), AlertState.Firing, Time(reader.GetInt64(2)), null,
                reader.IsDBNull(3) ? double.NaN : reader.GetDouble(3), reader.GetString(4)));
        return alerts;
    }

    public Task<long> AddEventAsync(Alert alert, CancellationToken cancellationToken) =>
        database.WriteAsync(connection =>
        {
            ArgumentNullException.ThrowIfNull(alert);
            using var transaction = connection.BeginTransaction();
            // The open set decides: a firing alert already open, or a resolution of one no longer open, was recorded first
            // (by another process on the file, or a node that led a moment ago); nothing more is recorded.
            var open = alert.State == AlertState.Firing
                ? "INSERT INTO open_alerts (rule_id, key, fired_at, value, message) VALUES ($rule, $key, $fired, $value, $message) ON CONFLICT (rule_id, key) DO NOTHING"
                : "DELETE FROM open_alerts WHERE rule_id = $rule AND key = $key";
            using (var command = Command(connection, transaction, open, alert))
            {
                if (command.ExecuteNonQuery() == 0)
                    return 0L;
            }

            using var insert = Command(connection, transaction, """
                INSERT INTO alert_events (rule_id, key, state, fired_at, resolved_at, value, message, recorded_at)
                VALUES ($rule, $key, $state, $fired, $resolved, $value, $message, $now) RETURNING event_id
                """, alert);
            insert.Parameters.AddWithValue("$state", alert.State == AlertState.Firing ? "firing" : "resolved");
            insert.Parameters.AddWithValue("$resolved", (object?)alert.ResolvedAt?.ToUnixTimeMilliseconds() ?? DBNull.Value);
            insert.Parameters.AddWithValue("$now", clock.GetUtcNow().ToUnixTimeMilliseconds());
            var id = (long)insert.ExecuteScalar()!;
            transaction.Commit();
            return id;
        }, cancellationToken);

    public Task RecordDeliveryAsync(AlertDelivery delivery, CancellationToken cancellationToken) =>
        database.WriteAsync(connection =>
        {
            ArgumentNullException.ThrowIfNull(delivery);
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO alert_deliveries (event_id, target, attempts, delivered, error, at) VALUES ($id, $target, $attempts, $delivered, $error, $at)";
            command.Parameters.AddWithValue("$id", delivery.EventId);
            command.Parameters.AddWithValue("$target", delivery.Target);
            command.Parameters.AddWithValue("$attempts", delivery.Attempts);
            command.Parameters.AddWithValue("$delivered", delivery.Delivered ? 1 : 0);
            command.Parameters.AddWithValue("$error", (object?)delivery.Error ?? DBNull.Value);
            command.Parameters.AddWithValue("$at", delivery.At.ToUnixTimeMilliseconds());
            return command.ExecuteNonQuery();
        }, cancellationToken);

    public async Task<IReadOnlyList<StoredAlertEvent>> ListAsync(int max, long? before, AlertScope? scope, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        // The scope's rules travel as one JSON array parameter, so the statement stays the same whatever their number.
        const string Scoped = "($before IS NULL OR event_id < $before) AND ($scoped = 0 OR (key = $key AND rule_id IN (SELECT value FROM json_each($rules))))";
        (string, object)[] filter =
        [
            ("$before", (object?)before ?? DBNull.Value),
            ("$scoped", scope is null ? 0 : 1),
            ("$key", (object?)scope?.Key ?? DBNull.Value),
            ("$rules", System.Text.Json.JsonSerializer.Serialize(scope?.RuleIds.ToArray() ?? [], Assay.Json.AssayJsonContext.Default.StringArray)),
        ];
        var deliveries = new Dictionary<long, List<AlertDelivery>>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"""
                SELECT d.event_id, d.target, d.attempts, d.delivered, d.error, d.at FROM alert_deliveries d
                WHERE d.event_id IN (SELECT event_id FROM alert_events WHERE {Scoped} ORDER BY event_id DESC LIMIT $max) ORDER BY d.rowid
                """;
            command.Parameters.AddWithValue("$max", max);
            foreach (var (name, value) in filter)
                command.Parameters.AddWithValue(name, value);
            using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var delivery = new AlertDelivery(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3) == 1,
                    reader.IsDBNull(4) ? null : reader.GetString(4), Time(reader.GetInt64(5)));
                if (!deliveries.TryGetValue(delivery.EventId, out var list))
                    deliveries[delivery.EventId] = list = [];
                list.Add(delivery);
            }
        }

        using var events = connection.CreateCommand();
        events.CommandText = $"""
            SELECT event_id, rule_id, key, state, fired_at, resolved_at, value, message, recorded_at
            FROM alert_events WHERE {Scoped} ORDER BY event_id DESC LIMIT $max
            """;
        events.Parameters.AddWithValue("$max", max);
        foreach (var (name, value) in filter)
            events.Parameters.AddWithValue(name, value);
        var result = new List<StoredAlertEvent>();
        using var rows = await events.ExecuteReaderAsync(cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
        {
            var id = rows.GetInt64(0);
            var alert = new Alert(rows.GetString(1), rows.GetString(2), rows.GetString(3) == "firing" ? AlertState.Firing : AlertState.Resolved,
                Time(rows.GetInt64(4)), rows.IsDBNull(5) ? null : Time(rows.GetInt64(5)), rows.IsDBNull(6) ? double.NaN : rows.GetDouble(6), rows.GetString(7));
            result.Add(new StoredAlertEvent(id, alert, Time(rows.GetInt64(8)), deliveries.TryGetValue(id, out var list) ? list : []));
        }

        return result;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, Alert alert)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$rule", alert.RuleId);
        command.Parameters.AddWithValue("$key", alert.Key);
        command.Parameters.AddWithValue("$fired", alert.FiredAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$value", double.IsFinite(alert.Value) ? alert.Value : DBNull.Value);
        command.Parameters.AddWithValue("$message", alert.Message);
        return command;
    }

    private static DateTimeOffset Time(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
}
