using Assay.Review;
using Assay.Routing;
using Microsoft.Data.Sqlite;

namespace Assay.Storage.Sqlite;

/// <summary>The reviewer's queue (<see cref="NextTaskAsync"/> and its assignments) and the lead's task list of the review store.</summary>
public sealed partial class SqliteReviewStore
{
    /// <summary>Open tasks of the project that <c>$reviewer</c> has never labelled, from <c>review_tasks t</c>.</summary>
    private const string Unlabelled = """
        FROM review_tasks t JOIN interactions i ON i.seq = t.interaction_seq
        WHERE t.status = 'open' AND ($project = '*' OR i.project = $project)
          AND NOT EXISTS (SELECT 1 FROM labels l WHERE l.task_id = t.task_id AND l.reviewer = $reviewer)
        """;

    public async Task<ReviewTask?> NextTaskAsync(string reviewer, string project, TimeSpan hold, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        // Under the write lock (and SQLite's, for other processes on the file), choosing and assigning are one step.
        var taskId = await database.WriteAsync(connection =>
        {
            using var transaction = connection.BeginTransaction();
            (string, object)[] parameters = [("$reviewer", reviewer), ("$project", project), ("$now", now)];
            using var own = SqliteCommands.Create(connection, transaction, $"""
                SELECT t.task_id {Unlabelled}
                  AND EXISTS (SELECT 1 FROM task_assignments a WHERE a.task_id = t.task_id AND a.reviewer = $reviewer AND a.expires_at > $now)
                ORDER BY t.priority DESC, t.task_id LIMIT 1
                """, parameters);
            using var free = SqliteCommands.Create(connection, transaction, $"""
                SELECT t.task_id {Unlabelled}
                  AND (SELECT count(*) FROM labels l WHERE l.task_id = t.task_id AND l.superseded_by IS NULL)
                    + (SELECT count(*) FROM task_assignments a WHERE a.task_id = t.task_id AND a.reviewer <> $reviewer AND a.expires_at > $now)
                    < t.required_labels
                ORDER BY t.priority DESC, t.task_id LIMIT 1
                """, parameters);
            if ((own.ExecuteScalar() ?? free.ExecuteScalar()) is not long id)
                return (long?)null;
            SqliteCommands.Execute(connection, transaction, """
                INSERT INTO task_assignments (task_id, reviewer, expires_at) VALUES ($task, $reviewer, $until)
                ON CONFLICT (task_id, reviewer) DO UPDATE SET expires_at = excluded.expires_at
                """, ("$task", id), ("$reviewer", reviewer), ("$until", now + (long)hold.TotalMilliseconds));
            transaction.Commit();
            return id;
        }, cancellationToken);
        return taskId is { } assigned ? await GetTaskAsync(assigned, project, cancellationToken) : null;
    }

    /// <summary>Ends <paramref name="reviewer"/>'s assignment to the task, or every assignment to it when null (the task closed).</summary>
    private static void EndAssignments(SqliteConnection connection, SqliteTransaction transaction, long taskId, string? reviewer) =>
        SqliteCommands.Execute(connection, transaction, "DELETE FROM task_assignments WHERE task_id = $task AND ($reviewer IS NULL OR reviewer = $reviewer)",
            ("$task", taskId), ("$reviewer", (object?)reviewer ?? DBNull.Value));

    public async Task<TaskPage> ListTasksAsync(string project, string? status, string? interactionId, long afterTaskId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        using var command = SqliteCommands.Create(connection, null, """
            SELECT t.task_id, i.id, t.tier, t.priority, t.required_labels,
                   (SELECT count(*) FROM labels l WHERE l.task_id = t.task_id AND l.superseded_by IS NULL),
                   t.status, t.created_at, t.closed_at
            FROM review_tasks t JOIN interactions i ON i.seq = t.interaction_seq
            WHERE ($project = '*' OR i.project = $project) AND t.task_id > $after
              AND ($status IS NULL OR t.status = $status) AND ($id IS NULL OR i.id = $id)
            ORDER BY t.task_id LIMIT $limit
            """,
            ("$project", project), ("$after", afterTaskId), ("$status", (object?)status ?? DBNull.Value),
            ("$id", (object?)interactionId ?? DBNull.Value), ("$limit", limit + 1));
        var tasks = new List<TaskSummary>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
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
