using System.Text.Json;
using Assay.Domain;
using Assay.Review;
using Npgsql;
using NpgsqlTypes;

namespace Assay.Storage.Postgres;

/// <summary>Label and adjudication writes of the review store, each in one transaction holding the task's row lock.</summary>
public sealed partial class PostgresReviewStore
{
    public Task<(LabelOutcome Outcome, Label? Label)> SubmitLabelAsync(long taskId, string reviewer, Verdict verdict, double? seconds, string project, CancellationToken cancellationToken) =>
        InTaskAsync(taskId, project, async (connection, transaction, status) =>
        {
            if (status is null)
                return (LabelOutcome.NotFound, (Label?)null);
            if (await CurrentLabelIdAsync(connection, transaction, taskId, reviewer, cancellationToken) is not null)
                return (LabelOutcome.AlreadyLabelled, null);
            if (status != "open")
                return (LabelOutcome.Closed, null);
            var label = await InsertLabelAsync(connection, transaction, taskId, reviewer, verdict, seconds, null, cancellationToken);
            var outcome = await CloseIfCompleteAsync(connection, transaction, taskId, cancellationToken);
            await EndAssignmentsAsync(connection, transaction, taskId, outcome == LabelOutcome.Stored ? reviewer : null, cancellationToken);
            return (outcome, label);
        }, cancellationToken);

    public Task<(LabelOutcome Outcome, Label? Label)> ReviseLabelAsync(long taskId, string reviewer, Verdict verdict, double? seconds, string project, CancellationToken cancellationToken) =>
        InTaskAsync(taskId, project, async (connection, transaction, status) =>
        {
            if (status is null)
                return (LabelOutcome.NotFound, (Label?)null);
            if (status != "open")
                return (LabelOutcome.Closed, null);
            if (await CurrentLabelIdAsync(connection, transaction, taskId, reviewer, cancellationToken) is not { } previous)
                return (LabelOutcome.NothingToRevise, null);
            // Point the old label at itself first, so that the "one current label" index lets the new one in.
            await ExecuteAsync(connection, transaction, "UPDATE labels SET superseded_by = label_id WHERE label_id = $1", cancellationToken, previous);
            var label = await InsertLabelAsync(connection, transaction, taskId, reviewer, verdict, seconds, previous, cancellationToken);
            await ExecuteAsync(connection, transaction, "UPDATE labels SET superseded_by = $1 WHERE label_id = $2", cancellationToken, label.LabelId, previous);
            return (LabelOutcome.Stored, label);
        }, cancellationToken);

    public Task<bool> AdjudicateAsync(long taskId, string lead, Verdict verdict, string project, CancellationToken cancellationToken) =>
        InTaskAsync(taskId, project, async (connection, transaction, status) =>
        {
            if (status != "adjudication")
                return false;
            var labelIds = new List<long>();
            await using (var current = PostgresCommands.Create(connection, transaction,
                "SELECT label_id FROM labels WHERE task_id = $1 AND superseded_by IS NULL ORDER BY label_id", taskId))
            await using (var reader = await current.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                    labelIds.Add(reader.GetInt64(0));
            }

            var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            await ExecuteAsync(connection, transaction, """
                INSERT INTO adjudications (task_id, lead, categories, severity, note, label_ids, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
                """, cancellationToken, taskId, lead, CategoriesJson(verdict), Severity(verdict), Note(verdict), JsonSerializer.Serialize(labelIds), now);
            await ExecuteAsync(connection, transaction, "UPDATE review_tasks SET status = 'done', closed_at = $1 WHERE task_id = $2", cancellationToken, now, taskId);
            return true;
        }, cancellationToken);

    public async Task<Verdict?> AdjudicationAsync(long taskId, string project, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = PostgresCommands.Create(connection, null, """
            SELECT a.categories, a.severity, a.note FROM adjudications a
            JOIN review_tasks t ON t.task_id = a.task_id JOIN interactions i ON i.seq = t.interaction_seq
            WHERE a.task_id = $1 AND a.superseded_by IS NULL AND ($2 = '*' OR i.project = $2)
            ORDER BY a.adjudication_id DESC LIMIT 1
            """, taskId, project);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? StoredRows.Verdict(reader, 0) : null;
    }

    /// <summary>Runs <paramref name="work"/> in one transaction holding the task's row lock; the status is null when the task is not in <paramref name="project"/>.</summary>
    private async Task<T> InTaskAsync<T>(long taskId, string project, Func<NpgsqlConnection, NpgsqlTransaction, string?, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        string? status;
        await using (var state = PostgresCommands.Create(connection, transaction, """
            SELECT t.status FROM review_tasks t JOIN interactions i ON i.seq = t.interaction_seq
            WHERE t.task_id = $1 AND ($2 = '*' OR i.project = $2)
            FOR UPDATE OF t
            """, taskId, project))
            status = await state.ExecuteScalarAsync(cancellationToken) as string;
        var result = await work(connection, transaction, status);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private static async Task<long?> CurrentLabelIdAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long taskId, string reviewer, CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(connection, transaction,
            "SELECT label_id FROM labels WHERE task_id = $1 AND reviewer = $2 AND superseded_by IS NULL", taskId, reviewer);
        return await command.ExecuteScalarAsync(cancellationToken) is long id ? id : null;
    }

    private async Task<Label> InsertLabelAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long taskId, string reviewer, Verdict verdict,
        double? seconds, long? supersedes, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var command = PostgresCommands.Create(connection, transaction, """
            INSERT INTO labels (task_id, reviewer, categories, severity, note, seconds, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING label_id
            """, taskId, reviewer, CategoriesJson(verdict), Severity(verdict), Note(verdict),
            seconds is { } s ? s : PostgresCommands.Null(NpgsqlDbType.Double), now.ToUnixTimeMilliseconds());
        var id = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        return new Label(id, taskId, reviewer, verdict, seconds, now, supersedes);
    }

    /// <summary>Closes the task once it has its labels: done when they agree on the categories, else to adjudication.</summary>
    /// <remarks>Agreement is on the set of categories; a severity difference alone does not need a lead.</remarks>
    private async Task<LabelOutcome> CloseIfCompleteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long taskId, CancellationToken cancellationToken)
    {
        var sets = new List<string>();
        var required = int.MaxValue;
        await using (var command = PostgresCommands.Create(connection, transaction, """
            SELECT l.categories, t.required_labels FROM labels l JOIN review_tasks t ON t.task_id = l.task_id
            WHERE l.task_id = $1 AND l.superseded_by IS NULL
            """, taskId))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                sets.Add(reader.GetString(0));
                required = reader.GetInt32(1);
            }
        }

        if (sets.Count < required)
            return LabelOutcome.Stored;
        var agreed = sets.All(s => s == sets[0]);
        await ExecuteAsync(connection, transaction, "UPDATE review_tasks SET status = $1, closed_at = $2 WHERE task_id = $3", cancellationToken,
            agreed ? "done" : "adjudication", agreed ? clock.GetUtcNow().ToUnixTimeMilliseconds() : PostgresCommands.Null(NpgsqlDbType.Bigint), taskId);
        return agreed ? LabelOutcome.Agreed : LabelOutcome.Disagreed;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params object?[] values)
    {
        await using var command = PostgresCommands.Create(connection, transaction, sql, values);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Categories as a sorted JSON array, so that equal sets compare equal as text.</summary>
    private static string CategoriesJson(Verdict verdict) => JsonSerializer.Serialize(verdict.Categories.Order(StringComparer.Ordinal).ToArray());

    private static object Severity(Verdict verdict) => verdict.Severity is { } severity ? (int)severity : PostgresCommands.Null(NpgsqlDbType.Integer);

    private static object Note(Verdict verdict) => verdict.Note ?? (object)PostgresCommands.Null(NpgsqlDbType.Text);
}
