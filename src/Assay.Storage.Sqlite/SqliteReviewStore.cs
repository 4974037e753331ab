using System.Text.Json;
using Assay.Domain;
using Assay.Json;
using Assay.Review;
using Assay.Routing;
using Microsoft.Data.Sqlite;

namespace Assay.Storage.Sqlite;

/// <summary>The embedded review store: tasks, blind labels and adjudications in the same SQLite file as the interactions.</summary>
/// <remarks>Thread-safe; writes are serialised with the interaction store's by the shared <see cref="SqliteDatabase"/>.</remarks>
public sealed partial class SqliteReviewStore(SqliteDatabase database, TimeProvider clock) : IReviewStore
{
    private const string TaskSelect = """
        SELECT t.task_id, t.tier, r.inclusion_probability, r.reason, t.required_labels, t.status, t.created_at, i.body, i.seq, t.policy,
               (SELECT count(*) FROM labels l WHERE l.task_id = t.task_id AND l.superseded_by IS NULL) AS label_count
        FROM review_tasks t
        JOIN interactions i ON i.seq = t.interaction_seq
        JOIN routing r ON r.interaction_seq = t.interaction_seq
        WHERE ($project = '*' OR i.project = $project)
        """;

    public Task<ReviewTask?> GetTaskAsync(long taskId, string project, CancellationToken cancellationToken) =>
        QueryTaskAsync(TaskSelect + " AND t.task_id = $task", project, cancellationToken, ("$task", taskId));

    public Task<ReviewTask?> NextAdjudicationAsync(string project, CancellationToken cancellationToken) =>
        QueryTaskAsync(TaskSelect + " AND t.status = 'adjudication' ORDER BY t.priority DESC, t.task_id LIMIT 1", project, cancellationToken);

    public async Task<bool> HasLabelledAsync(long taskId, string reviewer, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM labels WHERE task_id = $task AND reviewer = $reviewer)";
        command.Parameters.AddWithValue("$task", taskId);
        command.Parameters.AddWithValue("$reviewer", reviewer);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    public Task<(LabelOutcome Outcome, Label? Label)> SubmitLabelAsync(long taskId, string reviewer, Verdict verdict, double? seconds, string project, CancellationToken cancellationToken) =>
        database.WriteAsync(connection =>
        {
            using var transaction = connection.BeginTransaction();
            var (status, _) = TaskState(connection, transaction, taskId, project);
            if (status is null)
                return (LabelOutcome.NotFound, (Label?)null);
            if (CurrentLabelId(connection, transaction, taskId, reviewer) is not null)
                return (LabelOutcome.AlreadyLabelled, null);
            if (status != "open")
                return (LabelOutcome.Closed, null);
            var label = InsertLabel(connection, transaction, taskId, reviewer, verdict, seconds, null);
            var outcome = CloseIfComplete(connection, transaction, taskId);
            EndAssignments(connection, transaction, taskId, outcome == LabelOutcome.Stored ? reviewer : null);
            transaction.Commit();
            return (outcome, label);
        }, cancellationToken);

    public Task<(LabelOutcome Outcome, Label? Label)> ReviseLabelAsync(long taskId, string reviewer, Verdict verdict, double? seconds, string project, CancellationToken cancellationToken) =>
        database.WriteAsync(connection =>
        {
            using var transaction = connection.BeginTransaction();
            var (status, _) = TaskState(connection, transaction, taskId, project);
            if (status is null)
                return (LabelOutcome.NotFound, (Label?)null);
            if (status != "open")
                return (LabelOutcome.Closed, null);
            if (CurrentLabelId(connection, transaction, taskId, reviewer) is not { } previous)
                return (LabelOutcome.NothingToRevise, null);
            // Point the old label at itself first, so that the "one current label" index lets the new one in.
            SqliteCommands.Execute(connection, transaction, "UPDATE labels SET superseded_by = label_id WHERE label_id = $id", ("$id", previous));
            var label = InsertLabel(connection, transaction, taskId, reviewer, verdict, seconds, previous);
            SqliteCommands.Execute(connection, transaction, "UPDATE labels SET superseded_by = $new WHERE label_id = $id", ("$new", label.LabelId), ("$id", previous));
            transaction.Commit();
            return (LabelOutcome.Stored, label);
        }, cancellationToken);

    public async Task<IReadOnlyList<Label>> LabelsAsync(long taskId, string project, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {LabelColumns}
            FROM labels l JOIN review_tasks t ON t.task_id = l.task_id JOIN interactions i ON i.seq = t.interaction_seq
            WHERE l.task_id = $task AND l.superseded_by IS NULL AND ($project = '*' OR i.project = $project)
            ORDER BY l.label_id
            """;
        command.Parameters.AddWithValue("$task", taskId);
        command.Parameters.AddWithValue("$project", project);
        var labels = new List<Label>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            labels.Add(StoredRows.Label(reader));
        return labels;
    }

    private async Task<ReviewTask?> QueryTaskAsync(string sql, string project, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$project", project);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        long seq;
        string policy;
        ReviewTask task;
        using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
                return null;
            seq = reader.GetInt64(8);
            policy = reader.GetString(9);
            var interaction = JsonSerializer.Deserialize(reader.GetFieldValue<byte[]>(7), AssayJsonContext.Default.Interaction)!;
            task = new ReviewTask(reader.GetInt64(0), interaction, [], (Tier)reader.GetInt32(1), reader.GetDouble(2), reader.GetString(3),
                reader.GetInt32(4), reader.GetInt32(10), reader.GetString(5), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)));
        }

        using var flags = connection.CreateCommand();
        flags.CommandText = "SELECT body FROM flags WHERE interaction_seq = $seq AND policy = $policy ORDER BY flag_id";
        flags.Parameters.AddWithValue("$seq", seq);
        flags.Parameters.AddWithValue("$policy", policy);
        var list = new List<Flag>();
        using (var reader = await flags.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                list.Add(JsonSerializer.Deserialize(reader.GetFieldValue<byte[]>(0), AssayJsonContext.Default.Flag)!);
        }

        return task with { Flags = list };
    }
}
