using Assay.Audit;
using Assay.Incidents;
using Microsoft.Data.Sqlite;

namespace Assay.Storage.Sqlite;

/// <summary>The SQLite incident store: incidents, their links and timelines, each write audited in its own transaction.</summary>
public sealed class SqliteIncidentStore(SqliteDatabase database, TimeProvider clock) : IIncidentStore
{
    private const string Columns = """
        id, project, title, severity, status, opened_at, actor_key, actor_name, started_at, detected_at, resolved_at,
        alert_event_id, what_happened, slipped_past, actions
        """;

    public Task<Incident> OpenAsync(NewIncident incident, AuditActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(actor);
        return database.WriteAsync(connection =>
        {
            using var transaction = connection.BeginTransaction();
            if (incident.AlertEventId is { } alertEvent
                && Read(connection, transaction, "WHERE alert_event_id = $alert", [("$alert", alertEvent)], 1) is [var existing])
                return existing;

            var now = clock.GetUtcNow();
            using var insert = SqliteCommands.Create(connection, transaction, $"""
                INSERT INTO incidents (project, title, severity, status, opened_at, actor_key, actor_name, started_at, detected_at,
                                       resolved_at, alert_event_id, what_happened, slipped_past, actions)
                VALUES ($project, $title, $severity, 'open', $now, $key, $name, $started, $detected, NULL, $alert, $what, '', '[]')
                RETURNING id
                """,
                ("$project", incident.Project), ("$title", incident.Title), ("$severity", Incident.Name(incident.Severity)),
                ("$now", now.ToUnixTimeMilliseconds()), ("$key", (object?)actor.KeyId ?? DBNull.Value), ("$name", actor.Name),
                ("$started", Millis(incident.StartedAt)), ("$detected", (incident.DetectedAt ?? now).ToUnixTimeMilliseconds()),
                ("$alert", (object?)incident.AlertEventId ?? DBNull.Value), ("$what", incident.WhatHappened));
            var id = (long)insert.ExecuteScalar()!;
            var links = incident.Links.Distinct().ToList();
            AddLinks(connection, transaction, id, 0, links);
            var text = links.Count == 0 ? $"opened: {incident.Title}" : $"opened: {incident.Title}; linked {string.Join(", ", links)}";
            AddEvents(connection, transaction, id, now, actor, [("opened", text)]);
            var opened = Read(connection, transaction, "WHERE id = $id", [("$id", id)], 1)[0];
            SqliteAudit.Append(connection, transaction, [AuditRecords.IncidentOpened(actor, opened)], now);
            transaction.Commit();
            return opened;
        }, cancellationToken);
    }

    public async Task<Incident?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        return Read(connection, null, "WHERE id = $id", [("$id", id)], 1) is [var incident] ? incident : null;
    }

    public Task<Incident?> ChangeAsync(long id, IncidentChange change, AuditActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(actor);
        return database.WriteAsync(connection =>
        {
            // The write lock is held from BEGIN IMMEDIATE on, so the incident read here is the one the change applies to.
            using var transaction = connection.BeginTransaction();
            if (Read(connection, transaction, "WHERE id = $id", [("$id", id)], 1) is not [var current])
                return null;
            var now = clock.GetUtcNow();
            var added = change.NewLinks(current);
            var (next, events) = change.ApplyTo(current, now);
            if (events.Count == 0)
                return current;

            SqliteCommands.Execute(connection, transaction, """
                UPDATE incidents SET title = $title, severity = $severity, status = $status, started_at = $started,
                    resolved_at = $resolved, what_happened = $what, slipped_past = $slipped, actions = $actions
                WHERE id = $id
                """,
                ("$id", id), ("$title", next.Title), ("$severity", Incident.Name(next.Severity)), ("$status", Incident.Name(next.Status)),
                ("$started", Millis(next.StartedAt)), ("$resolved", Millis(next.ResolvedAt)), ("$what", next.PostMortem.WhatHappened),
                ("$slipped", next.PostMortem.SlippedPast), ("$actions", IncidentActionsJson.Write(next.PostMortem.Actions)));
            AddLinks(connection, transaction, id, current.Links.Count, added);
            AddEvents(connection, transaction, id, now, actor, events);
            SqliteAudit.Append(connection, transaction, [AuditRecords.IncidentChanged(actor, id, added, events)], now);
            var changed = Read(connection, transaction, "WHERE id = $id", [("$id", id)], 1)[0];
            transaction.Commit();
            return changed;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<Incident>> ListAsync(IncidentQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        return Read(connection, null, """
            WHERE ($project IS NULL OR project = $project) AND ($status IS NULL OR status = $status)
              AND ($before IS NULL OR id < $before)
              AND ($to IS NULL OR opened_at < $to) AND ($from IS NULL OR resolved_at IS NULL OR resolved_at >= $from)
            """,
            [("$project", (object?)query.Project ?? DBNull.Value), ("$status", query.Status is { } s ? Incident.Name(s) : DBNull.Value),
             ("$before", (object?)query.Before ?? DBNull.Value), ("$from", Millis(query.From)), ("$to", Millis(query.To))], query.Max);
    }

    private static List<Incident> Read(SqliteConnection connection, SqliteTransaction? transaction, string where, (string, object)[] parameters, int max)
    {
        var rows = new List<Incident>();
        using (var command = SqliteCommands.Create(connection, transaction,
            $"SELECT {Columns} FROM incidents {where} ORDER BY id DESC LIMIT $max", [.. parameters, ("$max", max)]))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
                rows.Add(Row(reader));
        }

        if (rows.Count == 0)
            return rows;
        var ids = rows.Select((r, i) => ($"$i{i}", (object)r.Id)).ToArray();
        var list = string.Join(", ", ids.Select(i => i.Item1));
        var links = rows.ToDictionary(r => r.Id, _ => new List<IncidentLink>());
        using (var command = SqliteCommands.Create(connection, transaction,
            $"SELECT incident_id, kind, ref FROM incident_links WHERE incident_id IN ({list}) ORDER BY incident_id, position", ids))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
                links[reader.GetInt64(0)].Add(IncidentLink.TryParse($"{reader.GetString(1)}:{reader.GetString(2)}", out var link, out _) ? link : throw new InvalidDataException("a stored incident link cannot be read"));
        }

        var events = rows.ToDictionary(r => r.Id, _ => new List<IncidentEvent>());
        using (var command = SqliteCommands.Create(connection, transaction,
            $"SELECT incident_id, id, at, actor_key, actor_name, kind, text FROM incident_events WHERE incident_id IN ({list}) ORDER BY id", ids))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                events[reader.GetInt64(0)].Add(new IncidentEvent(reader.GetInt64(1), Time(reader.GetInt64(2)),
                    new AuditActor(reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4)), reader.GetString(5), reader.GetString(6)));
            }
        }

        return [.. rows.Select(r => r with { Links = links[r.Id], Events = events[r.Id] })];
    }

    private static Incident Row(SqliteDataReader reader) => new(
        reader.GetInt64(0), reader.GetString(1), reader.GetString(2), Enum.Parse<IncidentSeverity>(reader.GetString(3), ignoreCase: true),
        Enum.Parse<IncidentStatus>(reader.GetString(4), ignoreCase: true), Time(reader.GetInt64(5)),
        new AuditActor(reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetString(7)),
        reader.IsDBNull(8) ? null : Time(reader.GetInt64(8)), Time(reader.GetInt64(9)), reader.IsDBNull(10) ? null : Time(reader.GetInt64(10)),
        reader.IsDBNull(11) ? null : reader.GetInt64(11),
        new PostMortem(reader.GetString(12), reader.GetString(13), IncidentActionsJson.Read(reader.GetString(14))), [], []);

    private static void AddLinks(SqliteConnection connection, SqliteTransaction transaction, long id, int position, IReadOnlyList<IncidentLink> links)
    {
        using var insert = SqliteCommands.Create(connection, transaction,
            "INSERT INTO incident_links (incident_id, position, kind, ref) VALUES ($id, $position, $kind, $ref) ON CONFLICT DO NOTHING");
        foreach (var link in links)
        {
            SqliteCommands.Bind(insert, ("$id", id), ("$position", position++), ("$kind", IncidentLink.Name(link.Kind)), ("$ref", link.Ref));
            insert.ExecuteNonQuery();
        }
    }

    private static void AddEvents(SqliteConnection connection, SqliteTransaction transaction, long id, DateTimeOffset now, AuditActor actor, IReadOnlyList<(string Kind, string Text)> events)
    {
        using var insert = SqliteCommands.Create(connection, transaction,
            "INSERT INTO incident_events (incident_id, at, actor_key, actor_name, kind, text) VALUES ($id, $at, $key, $name, $kind, $text)");
        foreach (var (kind, text) in events)
        {
            SqliteCommands.Bind(insert, ("$id", id), ("$at", now.ToUnixTimeMilliseconds()), ("$key", (object?)actor.KeyId ?? DBNull.Value),
                ("$name", actor.Name), ("$kind", kind), ("$text", text));
            insert.ExecuteNonQuery();
        }
    }

    private static object Millis(DateTimeOffset? time) => (object?)time?.ToUnixTimeMilliseconds() ?? DBNull.Value;

    private static DateTimeOffset Time(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
}
