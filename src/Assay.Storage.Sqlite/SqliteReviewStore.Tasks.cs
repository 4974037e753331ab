using Assay.Review;
using Assay.Routing;

namespace Assay.Storage.Sqlite;

/// <summary>The lead's task list of the review store.</summary>
public sealed partial class SqliteReviewStore
{
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
