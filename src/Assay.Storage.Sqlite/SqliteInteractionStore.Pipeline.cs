using System.Text;
using System.Text.Json;
using Assay.Audit;
using Assay.Json;
using Microsoft.Data.Sqlite;

namespace Assay.Storage.Sqlite;

/// <summary>The pipeline's and the query API's side of the SQLite store.</summary>
public sealed partial class SqliteInteractionStore
{
    public async Task<IReadOnlyList<StoredInteraction>> ReadUnprocessedAsync(int max, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT seq, content_hash, received_at, processed_policy, body
            FROM interactions WHERE processed_at IS NULL ORDER BY seq LIMIT $max
            """;
        command.Parameters.AddWithValue("$max", max);
        var list = new List<StoredInteraction>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            list.Add(ReadStored(reader, bodyOrdinal: 4));
        return list;
    }

    public async Task<IReadOnlyList<StoredInteraction>> ClaimUnprocessedAsync(string node, int max, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(node);
        var now = _clock.GetUtcNow();
        // One statement under SQLite's write lock, which also serialises other processes on the same file.
        var claimed = await _database.WriteAsync(connection =>
        {
            using var claim = SqliteCommands.Create(connection, null, """
                UPDATE interactions SET lease_owner = $node, lease_until = $until
                WHERE seq IN (SELECT seq FROM interactions
                              WHERE processed_at IS NULL AND (lease_until IS NULL OR lease_until < $now OR lease_owner = $node)
                              ORDER BY seq LIMIT $max)
                RETURNING seq, content_hash, received_at, processed_policy, body
                """, ("$node", node), ("$until", (now + lease).ToUnixTimeMilliseconds()), ("$now", now.ToUnixTimeMilliseconds()), ("$max", max));
            var list = new List<StoredInteraction>();
            using var reader = claim.ExecuteReader();
            while (reader.Read())
                list.Add(ReadStored(reader, bodyOrdinal: 4));
            return list;
        }, cancellationToken);
        claimed.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return claimed;
    }

    public Task CompleteAsync(IReadOnlyList<ProcessingResult> results, CancellationToken cancellationToken) =>
        CompleteAsync(results, node: null, cancellationToken);

    public async Task<IReadOnlyList<long>> CompleteClaimedAsync(string node, IReadOnlyList<ProcessingResult> results, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(node);
        return await CompleteAsync(results, node, cancellationToken);
    }

    /// <summary>Writes the results in one transaction; with a <paramref name="node"/>, only those of interactions it still holds unprocessed.</summary>
    private async Task<IReadOnlyList<long>> CompleteAsync(IReadOnlyList<ProcessingResult> results, string? node, CancellationToken cancellationToken)
    {
        if (results.Count == 0)
            return [];
        return await _database.WriteAsync(connection =>
        {
            using var transaction = connection.BeginTransaction();
            using var clear = SqliteCommands.Create(connection, transaction, "DELETE FROM flags WHERE interaction_seq = $seq AND policy = $policy");
            using var insert = SqliteCommands.Create(connection, transaction, """
                INSERT INTO flags (interaction_seq, policy, rule, category, severity, occurred_at, body)
                SELECT $seq, $policy, $rule, $category, $severity, occurred_at, $body FROM interactions WHERE seq = $seq
                """);
            // The mark comes first: when it changes no row, the interaction is not this node's to complete, and nothing else is written.
            using var mark = SqliteCommands.Create(connection, transaction, node is null
                ? "UPDATE interactions SET processed_policy = $policy, processed_at = $now, diagnostics = $diagnostics WHERE seq = $seq RETURNING id"
                : """
                  UPDATE interactions SET processed_policy = $policy, processed_at = $now, diagnostics = $diagnostics
                  WHERE seq = $seq AND lease_owner = $node AND processed_at IS NULL RETURNING id
                  """);
            if (node is not null)
                SqliteCommands.Bind(mark, ("$node", node));
            using var route = SqliteCommands.Create(connection, transaction, """
                INSERT INTO routing (interaction_seq, policy, tier, inclusion_probability, selected, priority, reason)
                VALUES ($seq, $policy, $tier, $probability, $selected, $priority, $reason)
                ON CONFLICT (interaction_seq) DO UPDATE SET policy = excluded.policy, tier = excluded.tier,
                    inclusion_probability = excluded.inclusion_probability, selected = excluded.selected,
                    priority = excluded.priority, reason = excluded.reason
                """);
            // A task, once created, keeps its labels: reprocessing never opens a second one.
            using var task = SqliteCommands.Create(connection, transaction, """
                INSERT INTO review_tasks (interaction_seq, policy, tier, priority, required_labels, status, created_at, occurred_at)
                SELECT $seq, $policy, $tier, $priority, $labels, 'open', $now, i.occurred_at FROM interactions i WHERE i.seq = $seq
                ON CONFLICT (interaction_seq) DO NOTHING
                """);
            using var score = SelfAgreementUpsert(connection, transaction);
            var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
            var completed = new List<long>(results.Count);
            var audit = new List<AuditRecord>(results.Count);
            foreach (var result in results)
            {
                var diagnostics = result.Diagnostics.Count == 0 ? (object)DBNull.Value : string.Join('\n', result.Diagnostics);
                SqliteCommands.Bind(mark, ("$seq", result.Sequence), ("$policy", result.PolicyHash), ("$now", now), ("$diagnostics", diagnostics));
                if (mark.ExecuteScalar() is not string id)
                    continue;
                completed.Add(result.Sequence);
                audit.Add(AuditRecords.Processed(id, result));

                if (result.SelfAgreement is { } agreement)
                    BindSelfAgreement(score, result.Sequence, result.PolicyHash, agreement, now).ExecuteNonQuery();

                if (result.Routing is { } routing)
                {
                    SqliteCommands.Bind(route, ("$seq", result.Sequence), ("$policy", result.PolicyHash), ("$tier", (int)routing.Tier),
                        ("$probability", routing.InclusionProbability), ("$selected", routing.Selected ? 1 : 0),
                        ("$priority", routing.Priority), ("$reason", routing.Reason));
                    route.ExecuteNonQuery();
                    if (routing.Selected)
                    {
                        SqliteCommands.Bind(task, ("$seq", result.Sequence), ("$policy", result.PolicyHash), ("$tier", (int)routing.Tier),
                            ("$priority", routing.Priority), ("$labels", routing.RequiredLabels), ("$now", now));
                        task.ExecuteNonQuery();
                    }
                }

                SqliteCommands.Bind(clear, ("$seq", result.Sequence), ("$policy", result.PolicyHash));
                clear.ExecuteNonQuery();
                foreach (var flag in result.Flags)
                {
                    SqliteCommands.Bind(insert,
                        ("$seq", result.Sequence), ("$policy", result.PolicyHash), ("$rule", flag.Rule),
                        ("$category", flag.Category), ("$severity", (int)flag.Severity),
                        ("$body", JsonSerializer.SerializeToUtf8Bytes(flag, AssayJsonContext.Default.Flag)));
                    insert.ExecuteNonQuery();
                }
            }

            SqliteAudit.Append(connection, transaction, audit, _clock.GetUtcNow());
            transaction.Commit();
            return completed;
        }, cancellationToken);
    }

    public async Task<FlagPage> QueryFlagsAsync(FlagQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        using var command = connection.CreateCommand();
        var sql = new StringBuilder("""
            SELECT f.flag_id, i.id, f.occurred_at, f.body
            FROM flags f JOIN interactions i ON i.seq = f.interaction_seq
            WHERE f.flag_id > $after
            """);
        command.Parameters.AddWithValue("$after", FlagCursor.Decode(query.After));
        if (query.Category is not null)
            Where(command, sql, "f.category = $category", "$category", query.Category);
        if (query.Rule is not null)
            Where(command, sql, "f.rule = $rule", "$rule", query.Rule);
        if (query.MinSeverity is { } severity)
            Where(command, sql, "f.severity >= $severity", "$severity", (int)severity);
        if (query.From is { } from)
            Where(command, sql, "f.occurred_at >= $from", "$from", from.ToUnixTimeMilliseconds());
        if (query.To is { } to)
            Where(command, sql, "f.occurred_at < $to", "$to", to.ToUnixTimeMilliseconds());
        if (query.Project is not null)
            Where(command, sql, "i.project = $project", "$project", query.Project);
        sql.Append(" ORDER BY f.flag_id LIMIT $limit");
        command.Parameters.AddWithValue("$limit", query.Limit + 1);
        command.CommandText = sql.ToString();

        var flags = new List<StoredFlag>(query.Limit);
        long last = 0;
        var more = false;
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (flags.Count == query.Limit)
            {
                more = true;
                break;
            }

            last = reader.GetInt64(0);
            flags.Add(new StoredFlag(reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), DeserializeFlag(reader, 3)));
        }

        return new FlagPage(flags, more ? FlagCursor.Encode(last) : null);
    }

    private static void Where(SqliteCommand command, StringBuilder sql, string condition, string name, object value)
    {
        sql.Append(" AND ").Append(condition);
        command.Parameters.AddWithValue(name, value);
    }
}
