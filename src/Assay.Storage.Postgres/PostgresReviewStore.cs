using System.Text.Json;
using Assay.Domain;
using Assay.Json;
using Assay.Review;
using Assay.Routing;
using Npgsql;

namespace Assay.Storage.Postgres;

/// <summary>Review tasks, blind labels, adjudications and API keys on PostgreSQL, shared by every node.</summary>
/// <remarks>
/// Thread-safe. A write to a task locks its row first (<c>FOR UPDATE</c>), so two reviewers labelling the same task on two
/// nodes are serialised exactly as SQLite's single writer serialises them: the task closes once, with every label counted.
/// </remarks>
public sealed partial class PostgresReviewStore(PostgresDatabase database, TimeProvider clock) : IReviewStore
{
    private const string TaskSelect = """
        SELECT t.task_id, t.tier, r.inclusion_probability, r.reason, t.required_labels, t.status, t.created_at, i.body, i.seq, t.policy,
               (SELECT count(*) FROM labels l WHERE l.task_id = t.task_id AND l.superseded_by IS NULL)::integer AS label_count
        FROM review_tasks t
        JOIN interactions i ON i.seq = t.interaction_seq
        JOIN routing r ON r.interaction_seq = t.interaction_seq
        WHERE ($1 = '*' OR i.project = $1)
        """;

    /// <summary>The columns <see cref="StoredRows.Label"/> reads, from <c>labels l</c>; the label a revision supersedes points at it.</summary>
    private const string LabelColumns = "l.label_id, l.task_id, l.reviewer, l.categories, l.severity, l.note, l.seconds, l.created_at, "
        + "(SELECT o.label_id FROM labels o WHERE o.superseded_by = l.label_id)";

    public Task<ReviewTask?> GetTaskAsync(long taskId, string project, CancellationToken cancellationToken) =>
        QueryTaskAsync(TaskSelect + " AND t.task_id = $2", cancellationToken, project, taskId);

    public Task<ReviewTask?> NextAdjudicationAsync(string project, CancellationToken cancellationToken) =>
        QueryTaskAsync(TaskSelect + " AND t.status = 'adjudication' ORDER BY t.priority DESC, t.task_id LIMIT 1", cancellationToken, project);

    public async Task<bool> HasLabelledAsync(long taskId, string reviewer, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = PostgresCommands.Create(connection, null, "SELECT EXISTS (SELECT 1 FROM labels WHERE task_id = $1 AND reviewer = $2)", taskId, reviewer);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyList<Label>> LabelsAsync(long taskId, string project, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = PostgresCommands.Create(connection, null, $"""
            SELECT {LabelColumns}
            FROM labels l JOIN review_tasks t ON t.task_id = l.task_id JOIN interactions i ON i.seq = t.interaction_seq
            WHERE l.task_id = $1 AND l.superseded_by IS NULL AND ($2 = '*' OR i.project = $2)
            ORDER BY l.label_id
            """, taskId, project);
        var labels = new List<Label>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            labels.Add(StoredRows.Label(reader));
        return labels;
    }

    private async Task<ReviewTask?> QueryTaskAsync(string sql, CancellationToken cancellationToken, params object?[] values)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        long seq;
        string policy;
        ReviewTask task;
        await using (var command = PostgresCommands.Create(connection, null, sql, values))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
                return null;
            seq = reader.GetInt64(8);
            policy = reader.GetString(9);
            var interaction = JsonSerializer.Deserialize(reader.GetFieldValue<byte[]>(7), AssayJsonContext.Default.Interaction)!;
            task = new ReviewTask(reader.GetInt64(0), interaction, [], (Tier)reader.GetInt32(1), reader.GetDouble(2), reader.GetString(3),
                reader.GetInt32(4), reader.GetInt32(10), reader.GetString(5), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)));
        }

        var list = new List<Flag>();
        await using (var flags = PostgresCommands.Create(connection, null, "SELECT body FROM flags WHERE interaction_seq = $1 AND policy = $2 ORDER BY flag_id", seq, policy))
        await using (var reader = await flags.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                list.Add(JsonSerializer.Deserialize(reader.GetFieldValue<byte[]>(0), AssayJsonContext.Default.Flag)!);
        }

        return task with { Flags = list };
    }
}
