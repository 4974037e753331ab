using Assay.Monitoring;
using Npgsql;
using NpgsqlTypes;

namespace Assay.Storage.Postgres;

/// <summary>The PostgreSQL alert store: open alerts, the alert event log and delivery outcomes, shared by every node.</summary>
public sealed class PostgresAlertStore(PostgresDatabase database, TimeProvider clock) : IAlertStore
{
    private const string Scoped = "($5::bigint IS NULL OR event_id < $5) AND ($1 = 0 OR (key = $2 AND rule_id = ANY($3)))";

    public async Task<IReadOnlyList<Alert>> OpenAsync(CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("SELECT rule_id, key, fired_at, value, message FROM open_alerts ORDER BY fired_at, rule_id, key");
        var alerts = new List<Alert>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            alerts.Add(new Alert(reader.GetString(0), reader.GetString(1), AlertState.Firing, Time(reader.GetInt64(2)), null,
                reader.IsDBNull(3) ? double.NaN : reader.GetDouble(3), reader.GetString(4)));
        }

        return alerts;
    }

    public async Task<long> AddEventAsync(Alert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var value = double.IsFinite(alert.Value) ? (object)alert.Value : PostgresCommands.Null(NpgsqlDbType.Double);
        // The open set decides: a firing alert already open, or a resolution of one no longer open, was recorded by another
        // node first. Two such transactions at once meet on the primary key (the later waits, then changes nothing).
        await using (var open = alert.State == AlertState.Firing
            ? PostgresCommands.Create(connection, transaction, """
                INSERT INTO open_alerts (rule_id, key, fired_at, value, message) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (rule_id, key) DO NOTHING
                """, alert.RuleId, alert.Key, alert.FiredAt.ToUnixTimeMilliseconds(), value, alert.Message)
            : PostgresCommands.Create(connection, transaction, "DELETE FROM open_alerts WHERE rule_id = $1 AND key = $2", alert.RuleId, alert.Key))
        {
            if (await open.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                return 0;
            }
        }

        await using var insert = PostgresCommands.Create(connection, transaction, """
            INSERT INTO alert_events (rule_id, key, state, fired_at, resolved_at, value, message, recorded_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING event_id
            """, alert.RuleId, alert.Key, alert.State == AlertState.Firing ? "firing" : "resolved", alert.FiredAt.ToUnixTimeMilliseconds(),
            alert.ResolvedAt is { } resolved ? resolved.ToUnixTimeMilliseconds() : PostgresCommands.Null(NpgsqlDbType.Bigint), value, alert.Message,
            clock.GetUtcNow().ToUnixTimeMilliseconds());
        var id = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    public async Task RecordDeliveryAsync(AlertDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = PostgresCommands.Create(connection, null,
            "INSERT INTO alert_deliveries (event_id, target, attempts, delivered, error, at) VALUES ($1, $2, $3, $4, $5, $6)",
            delivery.EventId, delivery.Target, delivery.Attempts, delivery.Delivered ? 1 : 0,
            delivery.Error ?? (object)PostgresCommands.Null(NpgsqlDbType.Text), delivery.At.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<StoredAlertEvent>> ListAsync(int max, long? before, AlertScope? scope, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        // A parameter belongs to one command, so each of the two statements gets its own.
        object[] Filter() => [scope is null ? 0 : 1, scope?.Key ?? (object)PostgresCommands.Null(NpgsqlDbType.Text), scope?.RuleIds.ToArray() ?? Array.Empty<string>(), max,
            before is { } id ? id : PostgresCommands.Null(NpgsqlDbType.Bigint)];
        var deliveries = new Dictionary<long, List<AlertDelivery>>();
        await using (var command = PostgresCommands.Create(connection, null, $"""
            SELECT d.event_id, d.target, d.attempts, d.delivered, d.error, d.at FROM alert_deliveries d
            WHERE d.event_id IN (SELECT event_id FROM alert_events WHERE {Scoped} ORDER BY event_id DESC LIMIT $4) ORDER BY d.delivery_id
            """, Filter()))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var delivery = new AlertDelivery(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3) == 1,
                    reader.IsDBNull(4) ? null : reader.GetString(4), Time(reader.GetInt64(5)));
                if (!deliveries.TryGetValue(delivery.EventId, out var list))
                    deliveries[delivery.EventId] = list = [];
                list.Add(delivery);
            }
        }

        var result = new List<StoredAlertEvent>();
        await using var events = PostgresCommands.Create(connection, null, $"""
            SELECT event_id, rule_id, key, state, fired_at, resolved_at, value, message, recorded_at
            FROM alert_events WHERE {Scoped} ORDER BY event_id DESC LIMIT $4
            """, Filter());
        await using var rows = await events.ExecuteReaderAsync(cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
        {
            var id = rows.GetInt64(0);
            var alert = new Alert(rows.GetString(1), rows.GetString(2), rows.GetString(3) == "firing" ? AlertState.Firing : AlertState.Resolved,
                Time(rows.GetInt64(4)), rows.IsDBNull(5) ? null : Time(rows.GetInt64(5)), rows.IsDBNull(6) ? double.NaN : rows.GetDouble(6), rows.GetString(7));
            result.Add(new StoredAlertEvent(id, alert, Time(rows.GetInt64(8)), deliveries.TryGetValue(id, out var list) ? list : []));
        }

        return result;
    }

    private static DateTimeOffset Time(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
}
