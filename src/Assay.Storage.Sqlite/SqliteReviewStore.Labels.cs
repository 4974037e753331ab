using System.Globalization;
using System.Text.Json;
using Assay.Domain;
using Assay.Review;
using Microsoft.Data.Sqlite;

namespace Assay.Storage.Sqlite;

/// <summary>Label and adjudication writes of the review store, each inside its caller's transaction.</summary>
public sealed partial class SqliteReviewStore
{
    /// <summary>The columns <see cref="StoredRows.Label"/> reads, from <c>labels l</c>; the label a revision supersedes points at it.</summary>
    private const string LabelColumns = "l.label_id, l.task_id, l.reviewer, l.categories, l.severity, l.note, l.seconds, l.created_at, "
        + "(SELECT o.label_id FROM labels o WHERE o.superseded_by = l.label_id)";

    public Task<bool> AdjudicateAsync(long taskId, string lead, Verdict verdict, string project, CancellationToken cancellationToken) =>
        database.WriteAsync(connection =>
        {
            using var transaction = connection.BeginTransaction();
            var (status, _) = TaskState(connection, transaction, taskId, project);
            if (status != "adjudication")
                return false;
            var labelIds = new List<long>();
            using (var current = SqliteCommands.Create(connection, transaction, "SELECT label_id FROM labels WHERE task_id = $task AND superseded_by IS NULL ORDER BY label_id", ("$task", taskId)))
            using (var reader = current.ExecuteReader())
            {
                while (reader.Read())
                    labelIds.Add(reader.GetInt64(0));
            }

            var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            SqliteCommands.Execute(connection, transaction, """
                INSERT INTO adjudications (task_id, lead, categories, severity, note, label_ids, created_at)
                VALUES ($task, $lead, $categories, $severity, $note, $labels, $now)
                """,
                ("$task", taskId), ("$lead", lead), ("$categories", CategoriesJson(verdict)), ("$severity", Severity(verdict)),
                ("$note", (object?)verdict.Note ?? DBNull.Value), ("$labels", JsonSerializer.Serialize(labelIds)), ("$now", now));
            SqliteCommands.Execute(connection, transaction, "UPDATE review_tasks SET status = 'done', closed_at = $now WHERE task_id = $task", ("$now", now), ("$task", taskId));
            transaction.Commit();
            return true;
        }, cancellationToken);

    public async Task<Verdict?> AdjudicationAsync(long taskId, string project, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT a.categories, a.severity, a.note FROM adjudications a
            JOIN review_tasks t ON t.task_id = a.task_id JOIN interactions i ON i.seq = t.interaction_seq
            WHERE a.task_id = $task AND a.superseded_by IS NULL AND ($project = '*' OR i.project = $project)
            ORDER BY a.adjudication_id DESC LIMIT 1
            """;
        command.Parameters.AddWithValue("$task", taskId);
        command.Parameters.AddWithValue("$project", project);
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? StoredRows.Verdict(reader, 0) : null;
    }

    /// <summary>The task's status, or null when it does not exist in <paramref name="project"/>.</summary>
    private static (string? Status, int Required) TaskState(SqliteConnection connection, SqliteTransaction transaction, long taskId, string project)
    {
        using var command = SqliteCommands.Create(connection, transaction, """
            SELECT t.status, t.required_labels FROM review_tasks t JOIN interactions i ON i.seq = t.interaction_seq
            WHERE t.task_id = $task AND ($project = '*' OR i.project = $project)
            """, ("$task", taskId), ("$project", project));
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetString(0), reader.GetInt32(1)) : (null, 0);
    }

    private static long? CurrentLabelId(SqliteConnection connection, SqliteTransaction transaction, long taskId, string reviewer)
    {
        using var command = SqliteCommands.Create(connection, transaction, "SELECT label_id FROM labels WHERE task_id = $task AND reviewer = $reviewer AND superseded_by IS NULL",
            ("$task", taskId), ("$reviewer", reviewer));
        return command.ExecuteScalar() is long id ? id : null;
    }

    private Label InsertLabel(SqliteConnection connection, SqliteTransaction transaction, long taskId, string reviewer, Verdict verdict, double? seconds, long? supersedes)
    {
        var now = clock.GetUtcNow();
        using var command = SqliteCommands.Create(connection, transaction, """
            INSERT INTO labels (task_id, reviewer, categories, severity, note, seconds, created_at)
            VALUES ($task, $reviewer, $categories, $severity, $note, $seconds, $now) RETURNING label_id
            """,
            ("$task", taskId), ("$reviewer", reviewer), ("$categories", CategoriesJson(verdict)), ("$severity", Severity(verdict)),
            ("$note", (object?)verdict.Note ?? DBNull.Value), ("$seconds", (object?)seconds ?? DBNull.Value), ("$now", now.ToUnixTimeMilliseconds()));
        var id = (long)command.ExecuteScalar()!;
        return new Label(id, taskId, reviewer, verdict, seconds, now, supersedes);
    }

    /// <summary>Closes the task once it has its labels: done when they agree on the categories, else to adjudication.</summary>
    /// <remarks>Agreement is on the set of categories; a severity difference alone does not need a lead.</remarks>
    private LabelOutcome CloseIfComplete(SqliteConnection connection, SqliteTransaction transaction, long taskId)
    {
        var sets = new List<string>();
        int required;
        using (var command = SqliteCommands.Create(connection, transaction, """
            SELECT l.categories, t.required_labels FROM labels l JOIN review_tasks t ON t.task_id = l.task_id
            WHERE l.task_id = $task AND l.superseded_by IS NULL
            """, ("$task", taskId)))
        using (var reader = command.ExecuteReader())
        {
            required = int.MaxValue;
            while (reader.Read())
            {
                sets.Add(reader.GetString(0));
                required = reader.GetInt32(1);
            }
        }

        if (sets.Count < required)
            return LabelOutcome.Stored;
        var agreed = sets.All(s => s == sets[0]);
        SqliteCommands.Execute(connection, transaction, "UPDATE review_tasks SET status = $status, closed_at = $now WHERE task_id = $task",
            ("$status", agreed ? "done" : "adjudication"), ("$now", agreed ? clock.GetUtcNow().ToUnixTimeMilliseconds() : DBNull.Value), ("$task", taskId));
        return agreed ? LabelOutcome.Agreed : LabelOutcome.Disagreed;
    }

    /// <summary>Categories as a sorted JSON array, so that equal sets compare equal as text.</summary>
    private static string CategoriesJson(Verdict verdict) => JsonSerializer.Serialize(verdict.Categories.Order(StringComparer.Ordinal).ToArray());

    private static object Severity(Verdict verdict) => verdict.Severity is { } severity ? (int)severity : DBNull.Value;
}
