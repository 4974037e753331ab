using System.Text.Json;
using Assay.Audit;
using Assay.Domain;
using Assay.Json;
using Assay.Routing;

namespace Assay.Storage.Sqlite;

/// <summary>Judge verdicts: one per interaction, judge rule and policy, with the flag and re-routing a fail verdict causes.</summary>
public sealed partial class SqliteInteractionStore
{
    public async Task RecordJudgedAsync(JudgeRecord record, Flag? flag, RoutingDecision? reroute, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await _database.WriteAsync(connection =>
        {
            using var transaction = connection.BeginTransaction();
            using var policy = SqliteCommands.Create(connection, transaction, "SELECT processed_policy, id FROM interactions WHERE seq = $seq");
            SqliteCommands.Bind(policy, ("$seq", record.Sequence));
            string processedPolicy, interactionId;
            using (var row = policy.ExecuteReader())
            {
                if (!row.Read() || row.IsDBNull(0))
                    throw new InvalidOperationException($"Interaction {record.Sequence} does not exist or has not been processed yet.");
                (processedPolicy, interactionId) = (row.GetString(0), row.GetString(1));
            }

            var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
            var verdict = record.Verdict;
            using var upsert = SqliteCommands.Create(connection, transaction, """
                INSERT INTO judge_verdicts (interaction_seq, rule, policy, model, outcome, score, quotes, explanation, problem, answer, tokens, occurred_at, recorded_at)
                SELECT $seq, $rule, $policy, $model, $outcome, $score, $quotes, $explanation, $problem, $answer, $tokens, occurred_at, $now
                FROM interactions WHERE seq = $seq
                ON CONFLICT (interaction_seq, rule, policy) DO UPDATE SET model = excluded.model, outcome = excluded.outcome,
                    score = excluded.score, quotes = excluded.quotes, explanation = excluded.explanation, problem = excluded.problem,
                    answer = excluded.answer, tokens = excluded.tokens, recorded_at = excluded.recorded_at
                """);
            SqliteCommands.Bind(upsert, ("$seq", record.Sequence), ("$rule", record.Rule), ("$policy", processedPolicy), ("$model", record.Model),
                ("$outcome", StoredRows.OutcomeText(verdict.Outcome)), ("$score", (object?)verdict.Score ?? DBNull.Value),
                ("$quotes", StoredRows.QuotesText(verdict.Quotes)), ("$explanation", (object?)verdict.Explanation ?? DBNull.Value),
                ("$problem", (object?)verdict.Problem ?? DBNull.Value), ("$answer", Cut(record.Answer)), ("$tokens", record.Tokens), ("$now", now));
            upsert.ExecuteNonQuery();
            if (flag is not null)
            {
                using var insert = SqliteCommands.Create(connection, transaction, """
                    INSERT INTO flags (interaction_seq, policy, rule, category, severity, occurred_at, body)
                    SELECT $seq, $policy, $rule, $category, $severity, occurred_at, $body FROM interactions WHERE seq = $seq
                    ON CONFLICT (interaction_seq, policy, rule) DO UPDATE SET category = excluded.category,
                        severity = excluded.severity, body = excluded.body
                    """);
                SqliteCommands.Bind(insert, ("$seq", record.Sequence), ("$policy", processedPolicy), ("$rule", flag.Rule), ("$category", flag.Category),
                    ("$severity", (int)flag.Severity), ("$body", JsonSerializer.SerializeToUtf8Bytes(flag with { Policy = processedPolicy }, AssayJsonContext.Default.Flag)));
                insert.ExecuteNonQuery();
            }

            if (reroute is not null)
                Reroute(connection, transaction, record.Sequence, processedPolicy, reroute, now);
            SqliteAudit.Append(connection, transaction, [AuditRecords.JudgeVerdict(interactionId, processedPolicy, record, flag, reroute)], _clock.GetUtcNow());
            transaction.Commit();
            return 0;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<JudgeRecord>> JudgedAsync(long afterSequence, long lastSequence, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT interaction_seq, rule, policy, model, outcome, score, quotes, explanation, problem, answer, tokens, recorded_at
            FROM judge_verdicts WHERE interaction_seq > $after AND interaction_seq <= $last ORDER BY interaction_seq, rule, policy
            """;
        command.Parameters.AddWithValue("$after", afterSequence);
        command.Parameters.AddWithValue("$last", lastSequence);
        var list = new List<JudgeRecord>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            list.Add(StoredRows.Judge(reader, 0));
        return list;
    }

    public async Task<long> LastJudgedSequenceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT coalesce(max(interaction_seq), 0) FROM judge_verdicts";
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<long> JudgeTokensSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT coalesce(sum(tokens), 0) FROM judge_verdicts WHERE recorded_at >= $since)
                 + (SELECT coalesce(sum(tokens), 0) FROM judge_spend WHERE recorded_at >= $since)
            """;
        command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task RecordJudgeSpendAsync(string source, string rule, long tokens, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(rule);
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        await _database.WriteAsync(connection =>
        {
            using var insert = SqliteCommands.Create(connection, null,
                "INSERT INTO judge_spend (source, rule, tokens, recorded_at) VALUES ($source, $rule, $tokens, $now)");
            SqliteCommands.Bind(insert, ("$source", source), ("$rule", rule), ("$tokens", tokens), ("$now", _clock.GetUtcNow().ToUnixTimeMilliseconds()));
            return insert.ExecuteNonQuery();
        }, cancellationToken);
    }

    private static string Cut(string answer) => answer.Length <= JudgeRecord.MaxAnswer ? answer : answer[..JudgeRecord.MaxAnswer];
}
