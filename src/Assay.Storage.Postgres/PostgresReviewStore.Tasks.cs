using Assay.Review;
using Assay.Routing;
using Npgsql;
using NpgsqlTypes;

namespace Assay.Storage.Postgres;

/// <summary>The reviewer's queue (<see cref="NextTaskAsync"/> and its assignments) and the lead's task list of the review store.</summary>
public sealed partial class PostgresReviewStore
{
    /// <summary>How many locked-and-full candidates one request passes over before it answers that nothing is free.</summary>
    private const int CandidatesPerRequest = 16;

    /// <summary>Open tasks of project <c>$1</c> that reviewer <c>$2</c> has never labelled, from <c>review_tasks t</c>.</summary>
    private const string Unlabelled = """
        FROM review_tasks t JOIN interactions i ON i.seq = t.interaction_seq
        WHERE t.status = 'open' AND ($1 = '*' OR i.project = $1)
          AND NOT EXISTS (SELECT 1 FROM labels l WHERE l.task_id = t.task_id AND l.reviewer = $2)
        """;

    /// <summary>Whether task <c>t</c> has a free place for reviewer <c>$2</c> at time <c>$3</c>.</summary>
    private const string HasPlace = """
        (SELECT count(*) FROM labels l WHERE l.task_id = t.task_id AND l.superseded_by IS NULL)
          + (SELECT count(*) FROM task_assignments a WHERE a.task_id = t.task_id AND a.reviewer <> $2 AND a.expires_at > $3)
          < t.required_labels
        """;

    public async Task<ReviewTask?> NextTaskAsync(string reviewer, string project, TimeSpan hold, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        long? assigned;
        await using (var connection = await database.DataSource.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            assigned = await OwnAssignmentAsync(connection, transaction, reviewer, project, now, cancellationToken)
                ?? await FreeTaskAsync(connection, transaction, reviewer, project, now, cancellationToken);
            if (assigned is { } id)
            {
                await ExecuteAsync(connection, transaction, """
                    INSERT INTO task_assignments (task_id, reviewer, expires_at) VALUES ($1, $2, $3)
                    ON CONFLICT (task_id, reviewer) DO UPDATE SET expires_at = excluded.expires_at
                    """, cancellationToken, id, reviewer, now + (long)hold.TotalMilliseconds);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return assigned is { } task ? await GetTaskAsync(task, project, cancellationToken) : null;
    }

    private static async Task<long?> OwnAssignmentAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string reviewer, string project, long now,
        CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(connection, transaction, $"""
            SELECT t.task_id {Unlabelled}
              AND EXISTS (SELECT 1 FROM task_assignments a WHERE a.task_id = t.task_id AND a.reviewer = $2 AND a.expires_at > $3)
            ORDER BY t.priority DESC, t.task_id LIMIT 1
            """, project, reviewer, now);
        return await command.ExecuteScalarAsync(cancellationToken) as long?;
    }

    /// <summary>The first task with a free place, its row locked; null when none is free or every free one is being handed out elsewhere.</summary>
    /// <remarks>
    /// <c>SKIP LOCKED</c> passes over a task another node is assigning or labelling right now. Once a row is locked, a second
    /// statement counts again: it sees every assignment committed before the lock was granted, which the first statement's
    /// snapshot may not, so the last place of a task is never handed out twice.
    /// </remarks>
    private static async Task<long?> FreeTaskAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string reviewer, string project, long now,
        CancellationToken cancellationToken)
    {
        var passed = new List<long>();
        await using var candidate = PostgresCommands.Create(connection, transaction, $"""
            SELECT t.task_id {Unlabelled}
              AND {HasPlace}
              AND NOT (t.task_id = ANY($4))
            ORDER BY t.priority DESC, t.task_id LIMIT 1
            FOR UPDATE OF t SKIP LOCKED
            """);
        await using var recount = PostgresCommands.Create(connection, transaction, $"""
            SELECT count(*) FROM review_tasks t WHERE t.task_id = $1 AND t.status = 'open' AND {HasPlace}
            """);
        for (var attempt = 0; attempt < CandidatesPerRequest; attempt++)
        {
            if (await PostgresCommands.Bind(candidate, project, reviewer, now, passed.ToArray()).ExecuteScalarAsync(cancellationToken) is not long id)
                return null;
            if ((long)(await PostgresCommands.Bind(recount, id, reviewer, now).ExecuteScalarAsync(cancellationToken))! == 1)
                return id;
            passed.Add(id);
        }

        return null;
    }

    /// <summary>Ends <paramref name="reviewer"/>'s assignment to the task, or every assignment to it when null (the task closed).</summary>
    private static Task EndAssignmentsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long taskId, string? reviewer, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, "DELETE FROM task_assignments WHERE task_id = $1 AND ($2::text IS NULL OR reviewer = $2)", cancellationToken,
            taskId, reviewer ?? (object)PostgresCommands.Null(NpgsqlDbType.Text));

    public async Task<TaskPage> ListTasksAsync(string project, string? status, string? interactionId, long afterTaskId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = PostgresCommands.Create(connection, null, """
            SELECT t.task_id, i.id, t.tier, t.priority, t.required_labels,
                   (SELECT count(*) FROM labels l WHERE l.task_id = t.task_id AND l.superseded_by IS NULL)::integer,
                   t.status, t.created_at, t.closed_at
            FROM review_tasks t JOIN interactions i ON i.seq = t.interaction_seq
            WHERE ($1 = '*' OR i.project = $1) AND t.task_id > $2
              AND ($3::text IS NULL OR t.status = $3) AND ($4::text IS NULL OR i.id = $4)
            ORDER BY t.task_id LIMIT $5
            """, project, afterTaskId, status ?? (object)PostgresCommands.Null(NpgsqlDbType.Text),
            interactionId ?? (object)PostgresCommands.Null(NpgsqlDbType.Text), limit + 1);
        var tasks = new List<TaskSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tasks.Add(new TaskSummary(reader.GetInt64(0), reader.GetString(1), (Tier)reader.GetInt32(2), reader.GetDouble(3), reader.GetInt32(4),
                reader.GetInt32(5), reader.GetString(6), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
                reader.IsDBNull(8) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8))));
        }

        if (tasks.Count <= limit)
            return new TaskPage(tasks, null);
        tasks.RemoveAt(limit);
        return new TaskPage(tasks, tasks[^1].TaskId);
    }
}
