using Assay.Review;
using Assay.Routing;
using NpgsqlTypes;

namespace Assay.Storage.Postgres;

/// <summary>The lead's task list of the review store.</summary>
public sealed partial class PostgresReviewStore
{
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
