using System.Text.Json;
using Assay.Detection.Consistency;
using Assay.Domain;
using Assay.Json;
using Assay.Routing;
using Microsoft.Data.Sqlite;

namespace Assay.Storage.Sqlite;

/// <summary>Self-agreement scores: the pipeline's (client samples) and the sampler's (drawn samples, with their flag).</summary>
public sealed partial class SqliteInteractionStore
{
    public async Task RecordDrawnAsync(long sequence, SelfAgreementRecord record, Flag? flag, RoutingDecision? reroute, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await _database.WriteAsync(connection =>
        {
            using var transaction = connection.BeginTransaction();
            using var policy = SqliteCommands.Create(connection, transaction, "SELECT processed_policy FROM interactions WHERE seq = $seq");
            SqliteCommands.Bind(policy, ("$seq", sequence));
            if (policy.ExecuteScalar() is not string processedPolicy)
                throw new InvalidOperationException($"Interaction {sequence} does not exist or has not been processed yet.");
            var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
            using var score = SelfAgreementUpsert(connection, transaction);
            BindSelfAgreement(score, sequence, processedPolicy, record, now).ExecuteNonQuery();
            if (flag is not null)
            {
                using var insert = SqliteCommands.Create(connection, transaction, """
                    INSERT INTO flags (interaction_seq, policy, rule, category, severity, occurred_at, body)
                    SELECT $seq, $policy, $rule, $category, $severity, occurred_at, $body FROM interactions WHERE seq = $seq
                    ON CONFLICT (interaction_seq, policy, rule) DO UPDATE SET category = excluded.category,
                        severity = excluded.severity, body = excluded.body
                    """);
                SqliteCommands.Bind(insert, ("$seq", sequence), ("$policy", processedPolicy), ("$rule", flag.Rule), ("$category", flag.Category),
                    ("$severity", (int)flag.Severity), ("$body", JsonSerializer.SerializeToUtf8Bytes(flag, AssayJsonContext.Default.Flag)));
                insert.ExecuteNonQuery();
            }

            if (reroute is not null)
                Reroute(connection, transaction, sequence, processedPolicy, reroute, now);
            transaction.Commit();
            return 0;
        }, cancellationToken);
    }

    /// <summary>Replaces the routing of a processed interaction after a late flag, opening or moving its review task.</summary>
    private static void Reroute(SqliteConnection connection, SqliteTransaction transaction, long sequence, string policy, RoutingDecision routing, long now)
    {
        using var route = SqliteCommands.Create(connection, transaction, """
            INSERT INTO routing (interaction_seq, policy, tier, inclusion_probability, selected, priority, reason)
            VALUES ($seq, $policy, $tier, $probability, $selected, $priority, $reason)
            ON CONFLICT (interaction_seq) DO UPDATE SET policy = excluded.policy, tier = excluded.tier,
                inclusion_probability = excluded.inclusion_probability, selected = excluded.selected,
                priority = excluded.priority, reason = excluded.reason
            """);
        SqliteCommands.Bind(route, ("$seq", sequence), ("$policy", policy), ("$tier", (int)routing.Tier), ("$probability", routing.InclusionProbability),
            ("$selected", routing.Selected ? 1 : 0), ("$priority", routing.Priority), ("$reason", routing.Reason));
        route.ExecuteNonQuery();
        // An existing task keeps its labels and required count; it moves to the new tier, so estimators weight it as routed.
        using var task = SqliteCommands.Create(connection, transaction, routing.Selected
            ? """
              INSERT INTO review_tasks (interaction_seq, policy, tier, priority, required_labels, status, created_at, occurred_at)
              SELECT $seq, $policy, $tier, $priority, $labels, 'open', $now, i.occurred_at FROM interactions i WHERE i.seq = $seq
              ON CONFLICT (interaction_seq) DO UPDATE SET tier = excluded.tier, priority = excluded.priority
              """
            : "UPDATE review_tasks SET tier = $tier, priority = $priority WHERE interaction_seq = $seq");
        SqliteCommands.Bind(task, ("$seq", sequence), ("$policy", policy), ("$tier", (int)routing.Tier), ("$priority", routing.Priority),
            ("$labels", routing.RequiredLabels), ("$now", now));
        task.ExecuteNonQuery();
    }

    public async Task<long> LastDrawnSequenceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT coalesce(max(interaction_seq), 0) FROM self_agreement WHERE source = 'drawn'";
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyList<long>> DrawnSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT interaction_seq FROM self_agreement WHERE source = 'drawn' AND recorded_at >= $since ORDER BY recorded_at, interaction_seq";
        command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        var list = new List<long>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            list.Add(reader.GetInt64(0));
        return list;
    }

    public async Task<long> SequenceBeforeAsync(DateTimeOffset time, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        using var command = connection.CreateCommand();
        // The smallest recent sequence bounds the old ones from above: every sequence below it happened before 'time'.
        command.CommandText = """
            SELECT coalesce((SELECT min(seq) FROM interactions WHERE occurred_at >= $time), (SELECT coalesce(max(seq), 0) + 1 FROM interactions)) - 1
            """;
        command.Parameters.AddWithValue("$time", time.ToUnixTimeMilliseconds());
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<long> DrawnTokensSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT coalesce(sum(tokens), 0) FROM self_agreement WHERE source = 'drawn' AND recorded_at >= $since";
        command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyList<StoredSelfAgreement>> SelfAgreementAsync(DateTimeOffset from, DateTimeOffset to, string? project, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT i.id, s.occurred_at, i.project, s.source, s.model_version, s.method, s.sample_count, s.score, s.unsupported, s.samples, s.drawn_by, s.tokens
            FROM self_agreement s JOIN interactions i ON i.seq = s.interaction_seq
            WHERE s.occurred_at >= $from AND s.occurred_at < $to AND ($project IS NULL OR i.project = $project)
            ORDER BY s.occurred_at, s.interaction_seq, s.source
            """;
        command.Parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$to", to.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$project", (object?)project ?? DBNull.Value);
        var list = new List<StoredSelfAgreement>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new StoredSelfAgreement(reader.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                reader.IsDBNull(2) ? null : reader.GetString(2), StoredRows.SelfAgreement(reader, 3)));
        }

        return list;
    }

    private static SqliteCommand SelfAgreementUpsert(SqliteConnection connection, SqliteTransaction transaction) =>
        SqliteCommands.Create(connection, transaction, """
            INSERT INTO self_agreement (interaction_seq, source, policy, model_version, method, sample_count, score, unsupported, samples, drawn_by, tokens, occurred_at, recorded_at)
            SELECT $seq, $source, $policy, $model, $method, $count, $score, $unsupported, $samples, $drawnBy, $tokens, occurred_at, $now FROM interactions WHERE seq = $seq
            ON CONFLICT (interaction_seq, source) DO UPDATE SET policy = excluded.policy, model_version = excluded.model_version,
                method = excluded.method, sample_count = excluded.sample_count, score = excluded.score,
                unsupported = excluded.unsupported, samples = excluded.samples, drawn_by = excluded.drawn_by, tokens = excluded.tokens,
                recorded_at = excluded.recorded_at
            """);

    private static SqliteCommand BindSelfAgreement(SqliteCommand command, long sequence, string policy, SelfAgreementRecord record, long now)
    {
        object samples = record.Samples is null ? DBNull.Value : JsonSerializer.SerializeToUtf8Bytes(record.Samples, AssayJsonContext.Default.IReadOnlyListString);
        SqliteCommands.Bind(command, ("$seq", sequence), ("$source", record.Source == SampleSource.Drawn ? "drawn" : "client"), ("$policy", policy),
            ("$model", record.ModelVersion), ("$method", record.Method.ToString()), ("$count", record.SampleCount),
            ("$score", double.IsNaN(record.Score) ? DBNull.Value : record.Score), ("$unsupported", record.UnsupportedSentences),
            ("$samples", samples), ("$drawnBy", (object?)record.DrawnBy ?? DBNull.Value),
            ("$tokens", (object?)record.Tokens ?? DBNull.Value), ("$now", now));
        return command;
    }
}
