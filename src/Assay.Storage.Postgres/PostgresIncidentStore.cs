using Assay.Audit;
using Assay.Incidents;
using Npgsql;
using NpgsqlTypes;

namespace Assay.Storage.Postgres;

/// <summary>The PostgreSQL incident store: incidents, their links and timelines, each write audited in its own transaction.</summary>
/// <remarks>A change locks its incident's row (<c>FOR UPDATE</c>), so changes from several nodes apply one after another.</remarks>
public sealed class PostgresIncidentStore(PostgresDatabase database, TimeProvider clock) : IIncidentStore
{
    private const string Columns = """
        id, project, title, severity, status, opened_at, actor_key, actor_name, started_at, detected_at, resolved_at,
        alert_event_id, what_happened, slipped_past, actions
        """;

    public async Task<Incident> OpenAsync(NewIncident incident, AuditActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(actor);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        long id;
        // An alert's firing opens one incident even when two nodes ask at once: the second insert conflicts and reads the first.
        await using (var insert = PostgresCommands.Create(connection, transaction, """
            INSERT INTO incidents (project, title, severity, status, opened_at, actor_key, actor_name, started_at, detected_at,
                                   resolved_at, alert_event_id, what_happened, slipped_past, actions)
            VALUES ($1, $2, $3, 'open', $4, $5, $6, $7, $8, NULL, $9, $10, '', '[]')
            ON CONFLICT (alert_event_id) DO NOTHING
            RETURNING id
            """,
            incident.Project, incident.Title, Incident.Name(incident.Severity), now.ToUnixTimeMilliseconds(), Key(actor), actor.Name,
            Millis(incident.StartedAt), (incident.DetectedAt ?? now).ToUnixTimeMilliseconds(),
            incident.AlertEventId is { } alert ? alert : PostgresCommands.Null(NpgsqlDbType.Bigint), incident.WhatHappened))
        {
            if (await insert.ExecuteScalarAsync(cancellationToken) is not long inserted)
            {
                await transaction.RollbackAsync(cancellationToken);
                return (await ReadAsync(connection, null, "WHERE alert_event_id = $1", [incident.AlertEventId], 1, cancellationToken)).Single();
            }

            id = inserted;
        }

        var links = incident.Links.Distinct().ToList();
        await AddLinksAsync(connection, transaction, id, 0, links, cancellationToken);
        var text = links.Count == 0 ? $"opened: {incident.Title}" : $"opened: {incident.Title}; linked {string.Join(", ", links)}";
        await AddEventsAsync(connection, transaction, id, now, actor, [("opened", text)], cancellationToken);
        var opened = (await ReadAsync(connection, transaction, "WHERE id = $1", [id], 1, cancellationToken))[0];
        await PostgresAudit.AppendAsync(connection, transaction, [AuditRecords.IncidentOpened(actor, opened)], now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return opened;
    }

    public async Task<Incident?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        return (await ReadAsync(connection, null, "WHERE id = $1", [id], 1, cancellationToken)) is [var incident] ? incident : null;
    }

    public async Task<Incident?> ChangeAsync(long id, IncidentChange change, AuditActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(actor);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await ReadAsync(connection, transaction, "WHERE id = $1", [id], 1, cancellationToken, forUpdate: true) is not [var current])
            return null;
        var now = clock.GetUtcNow();
        var added = change.NewLinks(current);
        var (next, events) = change.ApplyTo(current, now);
        if (events.Count == 0)
            return current;

        await using (var update = PostgresCommands.Create(connection, transaction, """
            UPDATE incidents SET title = $2, severity = $3, status = $4, started_at = $5, resolved_at = $6, what_happened = $7,
                slipped_past = $8, actions = $9
            WHERE id = $1
            """,
            id, next.Title, Incident.Name(next.Severity), Incident.Name(next.Status), Millis(next.StartedAt), Millis(next.ResolvedAt),
            next.PostMortem.WhatHappened, next.PostMortem.SlippedPast, IncidentActionsJson.Write(next.PostMortem.Actions)))
            await update.ExecuteNonQueryAsync(cancellationToken);
        await AddLinksAsync(connection, transaction, id, current.Links.Count, added, cancellationToken);
        await AddEventsAsync(connection, transaction, id, now, actor, events, cancellationToken);
        await PostgresAudit.AppendAsync(connection, transaction, [AuditRecords.IncidentChanged(actor, id, added, events)], now, cancellationToken);
        var changed = (await ReadAsync(connection, transaction, "WHERE id = $1", [id], 1, cancellationToken))[0];
        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    public async Task<IReadOnlyList<Incident>> ListAsync(IncidentQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        return await ReadAsync(connection, null, """
            WHERE ($1::text IS NULL OR project = $1) AND ($2::text IS NULL OR status = $2) AND ($3::bigint IS NULL OR id < $3)
              AND ($4::bigint IS NULL OR resolved_at IS NULL OR resolved_at >= $4) AND ($5::bigint IS NULL OR opened_at < $5)
            """,
            [(object?)query.Project ?? PostgresCommands.Null(NpgsqlDbType.Text), query.Status is { } s ? Incident.Name(s) : PostgresCommands.Null(NpgsqlDbType.Text),
             query.Before is { } before ? before : PostgresCommands.Null(NpgsqlDbType.Bigint), Millis(query.From), Millis(query.To)],
            query.Max, cancellationToken);
    }

    private static async Task<List<Incident>> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string where, object?[] values,
        int max, CancellationToken cancellationToken, bool forUpdate = false)
    {
        var rows = new List<Incident>();
        await using (var command = PostgresCommands.Create(connection, transaction,
            $"SELECT {Columns} FROM incidents {where} ORDER BY id DESC LIMIT {max}{(forUpdate ? " FOR UPDATE" : "")}", values))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                rows.Add(Row(reader));
        }

        if (rows.Count == 0)
            return rows;
        var ids = rows.Select(r => r.Id).ToArray();
        var links = rows.ToDictionary(r => r.Id, _ => new List<IncidentLink>());
        await using (var command = PostgresCommands.Create(connection, transaction,
            "SELECT incident_id, kind, ref FROM incident_links WHERE incident_id = ANY($1) ORDER BY incident_id, position", ids))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                links[reader.GetInt64(0)].Add(IncidentLink.TryParse($"{reader.GetString(1)}:{reader.GetString(2)}", out var link, out _) ? link : throw new InvalidDataException("a stored incident link cannot be read"));
        }

        var events = rows.ToDictionary(r => r.Id, _ => new List<IncidentEvent>());
        await using (var command = PostgresCommands.Create(connection, transaction,
            "SELECT incident_id, id, at, actor_key, actor_name, kind, text FROM incident_events WHERE incident_id = ANY($1) ORDER BY id", ids))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                events[reader.GetInt64(0)].Add(new IncidentEvent(reader.GetInt64(1), Time(reader.GetInt64(2)),
                    new AuditActor(reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4)), reader.GetString(5), reader.GetString(6)));
            }
        }

        return [.. rows.Select(r => r with { Links = links[r.Id], Events = events[r.Id] })];
    }

    private static Incident Row(NpgsqlDataReader reader) => new(
        reader.GetInt64(0), reader.GetString(1), reader.GetString(2), Enum.Parse<IncidentSeverity>(reader.GetString(3), ignoreCase: true),
        Enum.Parse<IncidentStatus>(reader.GetString(4), ignoreCase: true), Time(reader.GetInt64(5)),
        new AuditActor(reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetString(7)),
        reader.IsDBNull(8) ? null : Time(reader.GetInt64(8)), Time(reader.GetInt64(9)), reader.IsDBNull(10) ? null : Time(reader.GetInt64(10)),
        reader.IsDBNull(11) ? null : reader.GetInt64(11),
        new PostMortem(reader.GetString(12), reader.GetString(13), IncidentActionsJson.Read(reader.GetString(14))), [], []);

    private static async Task AddLinksAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long id, int position,
        IReadOnlyList<IncidentLink> links, CancellationToken cancellationToken)
    {
        if (links.Count == 0)
            return;
        await using var insert = PostgresCommands.Create(connection, transaction, """
            INSERT INTO incident_links (incident_id, position, kind, ref)
            SELECT $1, p, k, r FROM unnest($2::int[], $3::text[], $4::text[]) AS l (p, k, r) ON CONFLICT DO NOTHING
            """,
            id, links.Select((_, i) => position + i).ToArray(), links.Select(l => IncidentLink.Name(l.Kind)).ToArray(), links.Select(l => l.Ref).ToArray());
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task AddEventsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long id, DateTimeOffset now, AuditActor actor,
        IReadOnlyList<(string Kind, string Text)> events, CancellationToken cancellationToken)
    {
        await using var insert = PostgresCommands.Create(connection, transaction, """
            INSERT INTO incident_events (incident_id, at, actor_key, actor_name, kind, text)
            SELECT $1, $2, $3, $4, k, t FROM unnest($5::text[], $6::text[]) WITH ORDINALITY AS e (k, t, n) ORDER BY n
            """,
            id, now.ToUnixTimeMilliseconds(), Key(actor), actor.Name, events.Select(e => e.Kind).ToArray(), events.Select(e => e.Text).ToArray());
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static object Key(AuditActor actor) => (object?)actor.KeyId ?? PostgresCommands.Null(NpgsqlDbType.Text);

    private static object Millis(DateTimeOffset? time) => time is { } t ? t.ToUnixTimeMilliseconds() : PostgresCommands.Null(NpgsqlDbType.Bigint);

    private static DateTimeOffset Time(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
}
