using System.Text.Json;
using Assay.Audit;
using Assay.Domain;
using Assay.Json;
using Assay.Routing;

namespace Assay.Storage.Postgres;

/// <summary>Judge verdicts: one per interaction, judge rule and policy, with the flag and re-routing a fail verdict causes.</summary>
public sealed partial class PostgresInteractionStore
{
    public async Task RecordJudgedAsync(JudgeRecord record, Flag? flag, RoutingDecision? reroute, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        string processedPolicy, interactionId;
        await using (var policy = PostgresCommands.Create(connection, transaction, "SELECT processed_policy, id FROM interactions WHERE seq = $1", record.Sequence))
        await using (var row = await policy.ExecuteReaderAsync(cancellationToken))
        {
            if (!await row.ReadAsync(cancellationToken) || row.IsDBNull(0))
                throw new InvalidOperationException($"Interaction {record.Sequence} does not exist or has not been processed yet.");
            (processedPolicy, interactionId) = (row.GetString(0), row.GetString(1));
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var verdict = record.Verdict;
        await using (var upsert = PostgresCommands.Create(connection, transaction, """
            INSERT INTO judge_verdicts (interaction_seq, rule, policy, model, outcome, score, quotes, explanation, problem, answer, tokens, occurred_at, recorded_at)
            SELECT $1, $2, $3, $4, $5, $6::double precision, $7, $8::text, $9::text, $10, $11, occurred_at, $12 FROM interactions WHERE seq = $1
            ON CONFLICT (interaction_seq, rule, policy) DO UPDATE SET model = excluded.model, outcome = excluded.outcome,
                score = excluded.score, quotes = excluded.quotes, explanation = excluded.explanation, problem = excluded.problem,
                answer = excluded.answer, tokens = excluded.tokens, recorded_at = excluded.recorded_at
            """, record.Sequence, record.Rule, processedPolicy, record.Model, StoredRows.OutcomeText(verdict.Outcome), verdict.Score,
            StoredRows.QuotesText(verdict.Quotes), verdict.Explanation, verdict.Problem,
            record.Answer.Length <= JudgeRecord.MaxAnswer ? record.Answer : record.Answer[..JudgeRecord.MaxAnswer], record.Tokens, now))
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        if (flag is not null)
        {
            await using var insert = PostgresCommands.Create(connection, transaction, """
                INSERT INTO flags (interaction_seq, policy, rule, category, severity, occurred_at, body)
                SELECT $1, $2, $3, $4, $5, occurred_at, $6 FROM interactions WHERE seq = $1
                ON CONFLICT (interaction_seq, policy, rule) DO UPDATE SET category = excluded.category,
                    severity = excluded.severity, body = excluded.body
                """, record.Sequence, processedPolicy, flag.Rule, flag.Category, (int)flag.Severity,
                JsonSerializer.SerializeToUtf8Bytes(flag with { Policy = processedPolicy }, AssayJsonContext.Default.Flag));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        if (reroute is not null)
            await RerouteAsync(connection, transaction, record.Sequence, processedPolicy, reroute, now, cancellationToken);
        await PostgresAudit.AppendAsync(connection, transaction, [AuditRecords.JudgeVerdict(interactionId, processedPolicy, record, flag, reroute)], clock.GetUtcNow(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<JudgeRecord>> JudgedAsync(long afterSequence, long lastSequence, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = PostgresCommands.Create(connection, null, """
            SELECT interaction_seq, rule, policy, model, outcome, score, quotes, explanation, problem, answer, tokens, recorded_at
            FROM judge_verdicts WHERE interaction_seq > $1 AND interaction_seq <= $2 ORDER BY interaction_seq, rule COLLATE "C", policy COLLATE "C"
            """, afterSequence, lastSequence);
        var list = new List<JudgeRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            list.Add(StoredRows.Judge(reader, 0));
        return list;
    }

    public Task<long> LastJudgedSequenceAsync(CancellationToken cancellationToken) =>
        ScalarAsync("SELECT coalesce(max(interaction_seq), 0) FROM judge_verdicts", cancellationToken);

    public Task<long> JudgeTokensSinceAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        ScalarAsync("""
            SELECT ((SELECT coalesce(sum(tokens), 0) FROM judge_verdicts WHERE recorded_at >= $1)
                  + (SELECT coalesce(sum(tokens), 0) FROM judge_spend WHERE recorded_at >= $1))::bigint
            """, cancellationToken, since.ToUnixTimeMilliseconds());

    public async Task RecordJudgeSpendAsync(string source, string rule, long tokens, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(rule);
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var insert = PostgresCommands.Create(connection, null,
            "INSERT INTO judge_spend (source, rule, tokens, recorded_at) VALUES ($1, $2, $3, $4)", source, rule, tokens, clock.GetUtcNow().ToUnixTimeMilliseconds());
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }
}
