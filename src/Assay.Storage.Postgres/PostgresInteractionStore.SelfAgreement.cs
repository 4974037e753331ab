using System.Text.Json;
using Assay.Detection.Consistency;
using Assay.Domain;
using Assay.Json;
using Assay.Routing;
using Npgsql;
using NpgsqlTypes;

namespace Assay.Storage.Postgres;

/// <summary>Self-agreement scores: the pipeline's (client samples) and the sampler's (drawn samples, with their flag).</summary>
public sealed partial class PostgresInteractionStore
{
    public async Task RecordDrawnAsync(long sequence, SelfAgreementRecord record, Flag? flag, RoutingDecision? reroute, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        string processedPolicy;
        await using (var policy = PostgresCommands.Create(connection, transaction, "SELECT processed_policy FROM interactions WHERE seq = $1", sequence))
        {
            if (await policy.ExecuteScalarAsync(cancellationToken) is not string stored)
                throw new InvalidOperationException($"Interaction {sequence} does not exist or has not been processed yet.");
            processedPolicy = stored;
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using (var score = SelfAgreementUpsert(connection, transaction))
            await BindSelfAgreement(score, sequence, processedPolicy, record, now).ExecuteNonQueryAsync(cancellationToken);
        if (flag is not null)
        {
            await using var insert = PostgresCommands.Create(connection, transaction, """
                INSERT INTO flags (interaction_seq, policy, rule, category, severity, occurred_at, body)
                SELECT $1, $2, $3, $4, $5, occurred_at, $6 FROM interactions WHERE seq = $1
                ON CONFLICT (interaction_seq, policy, rule) DO UPDATE SET category = excluded.category,
                    severity = excluded.severity, body = excluded.body
                """, sequence, processedPolicy, flag.Rule, flag.Category, (int)flag.Severity, JsonSerializer.SerializeToUtf8Bytes(flag, AssayJsonContext.Default.Flag));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        if (reroute is not null)
            await RerouteAsync(connection, transaction, sequence, processedPolicy, reroute, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Replaces the routing of a processed interaction after a late flag, opening or moving its review task.</summary>
    private static async Task RerouteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long sequence, string policy, RoutingDecision routing, long now, CancellationToken cancellationToken)
    {
        await using (var route = PostgresCommands.Create(connection, transaction, """
            INSERT INTO routing (interaction_seq, policy, tier, inclusion_probability, selected, priority, reason)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (interaction_seq) DO UPDATE SET policy = excluded.policy, tier = excluded.tier,
                inclusion_probability = excluded.inclusion_probability, selected = excluded.selected,
                priority = excluded.priority, reason = excluded.reason
            """, sequence, policy, (int)routing.Tier, routing.InclusionProbability, routing.Selected ? 1 : 0, routing.Priority, routing.Reason))
            await route.ExecuteNonQueryAsync(cancellationToken);
        // An existing task keeps its labels and required count; it moves to the new tier, so estimators weight it as routed.
        await using var task = routing.Selected
            ? PostgresCommands.Create(connection, transaction, """
                INSERT INTO review_tasks (interaction_seq, policy, tier, priority, required_labels, status, created_at, occurred_at)
                SELECT $1, $2, $3, $4, $5, 'open', $6, i.occurred_at FROM interactions i WHERE i.seq = $1
                ON CONFLICT (interaction_seq) DO UPDATE SET tier = excluded.tier, priority = excluded.priority
                """, sequence, policy, (int)routing.Tier, routing.Priority, routing.RequiredLabels, now)
            : PostgresCommands.Create(connection, transaction, "UPDATE review_tasks SET tier = $2, priority = $3 WHERE interaction_seq = $1",
                sequence, (int)routing.Tier, routing.Priority);
        await task.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<long> LastDrawnSequenceAsync(CancellationToken cancellationToken) =>
        ScalarAsync("SELECT coalesce(max(interaction_seq), 0) FROM self_agreement WHERE source = 'drawn'", cancellationToken);

    public async Task<IReadOnlyList<long>> DrawnSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = PostgresCommands.Create(connection, null,
            "SELECT interaction_seq FROM self_agreement WHERE source = 'drawn' AND recorded_at >= $1 ORDER BY recorded_at, interaction_seq",
            since.ToUnixTimeMilliseconds());
        var list = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            list.Add(reader.GetInt64(0));
        return list;
    }

    /// <remarks>The smallest recent sequence bounds the old ones from above: every sequence below it happened before <paramref name="time"/>.</remarks>
    public Task<long> SequenceBeforeAsync(DateTimeOffset time, CancellationToken cancellationToken) => ScalarAsync("""
        SELECT coalesce((SELECT min(seq) FROM interactions WHERE occurred_at >= $1), (SELECT coalesce(max(seq), 0) + 1 FROM interactions)) - 1
        """, cancellationToken, time.ToUnixTimeMilliseconds());

    public Task<long> DrawnTokensSinceAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        ScalarAsync("SELECT coalesce(sum(tokens), 0)::bigint FROM self_agreement WHERE source = 'drawn' AND recorded_at >= $1", cancellationToken, since.ToUnixTimeMilliseconds());

    public async Task<IReadOnlyList<StoredSelfAgreement>> SelfAgreementAsync(DateTimeOffset from, DateTimeOffset to, string? project, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = PostgresCommands.Create(connection, null, """
            SELECT i.id, s.occurred_at, i.project, s.source, s.model_version, s.method, s.sample_count, s.score, s.unsupported, s.samples, s.drawn_by, s.tokens
            FROM self_agreement s JOIN interactions i ON i.seq = s.interaction_seq
            WHERE s.occurred_at >= $1 AND s.occurred_at < $2 AND ($3::text IS NULL OR i.project = $3)
            ORDER BY s.occurred_at, s.interaction_seq, s.source
            """, from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds(), Text(project));
        var list = new List<StoredSelfAgreement>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new StoredSelfAgreement(reader.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                reader.IsDBNull(2) ? null : reader.GetString(2), StoredRows.SelfAgreement(reader, 3)));
        }

        return list;
    }

    private async Task<long> ScalarAsync(string sql, CancellationToken cancellationToken, params object?[] values)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = PostgresCommands.Create(connection, null, sql, values);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static NpgsqlCommand SelfAgreementUpsert(NpgsqlConnection connection, NpgsqlTransaction transaction) =>
        PostgresCommands.Create(connection, transaction, """
            INSERT INTO self_agreement (interaction_seq, source, policy, model_version, method, sample_count, score, unsupported, samples, drawn_by, tokens, occurred_at, recorded_at)
            SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, occurred_at, $12 FROM interactions WHERE seq = $1
            ON CONFLICT (interaction_seq, source) DO UPDATE SET policy = excluded.policy, model_version = excluded.model_version,
                method = excluded.method, sample_count = excluded.sample_count, score = excluded.score,
                unsupported = excluded.unsupported, samples = excluded.samples, drawn_by = excluded.drawn_by, tokens = excluded.tokens,
                recorded_at = excluded.recorded_at
            """);

    private static NpgsqlCommand BindSelfAgreement(NpgsqlCommand command, long sequence, string policy, SelfAgreementRecord record, long now) =>
        PostgresCommands.Bind(command, sequence, record.Source == SampleSource.Drawn ? "drawn" : "client", policy, record.ModelVersion,
            record.Method.ToString(), record.SampleCount,
            double.IsNaN(record.Score) ? PostgresCommands.Null(NpgsqlDbType.Double) : record.Score, record.UnsupportedSentences,
            record.Samples is null ? PostgresCommands.Null(NpgsqlDbType.Bytea) : JsonSerializer.SerializeToUtf8Bytes(record.Samples, AssayJsonContext.Default.IReadOnlyListString),
            Text(record.DrawnBy), record.Tokens is { } tokens ? tokens : PostgresCommands.Null(NpgsqlDbType.Bigint), now);
}
