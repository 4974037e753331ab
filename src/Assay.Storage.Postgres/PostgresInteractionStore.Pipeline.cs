using System.Text;
using System.Text.Json;
using Assay.Audit;
using Assay.Json;
using Npgsql;

namespace Assay.Storage.Postgres;

/// <summary>The pipeline's and the query API's side of the PostgreSQL store.</summary>
public sealed partial class PostgresInteractionStore
{
    public async Task<IReadOnlyList<StoredInteraction>> ReadUnprocessedAsync(int max, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT seq, content_hash, received_at, processed_policy, body
            FROM interactions WHERE processed_at IS NULL ORDER BY seq LIMIT $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = max });
        var list = new List<StoredInteraction>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            list.Add(ReadStored(reader, bodyOrdinal: 4));
        return list;
    }

    public async Task<IReadOnlyList<StoredInteraction>> ClaimUnprocessedAsync(string node, int max, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(node);
        var now = clock.GetUtcNow();
        // SKIP LOCKED: a row another node is claiming or completing right now is passed over, never waited for. A row claimed
        // and committed after this statement began is locked, re-read and dropped by the lease condition, never taken twice.
        await using var command = database.DataSource.CreateCommand("""
            UPDATE interactions SET lease_owner = $1, lease_until = $2
            WHERE seq IN (SELECT seq FROM interactions
                          WHERE processed_at IS NULL AND (lease_until IS NULL OR lease_until < $3 OR lease_owner = $1)
                          ORDER BY seq LIMIT $4
                          FOR UPDATE SKIP LOCKED)
            RETURNING seq, content_hash, received_at, processed_policy, body
            """);
        PostgresCommands.Bind(command, node, (now + lease).ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds(), max);
        var list = new List<StoredInteraction>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                list.Add(ReadStored(reader, bodyOrdinal: 4));
        }

        list.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return list;
    }

    public Task CompleteAsync(IReadOnlyList<ProcessingResult> results, CancellationToken cancellationToken) =>
        CompleteAsync(results, node: null, cancellationToken);

    public async Task<IReadOnlyList<long>> CompleteClaimedAsync(string node, IReadOnlyList<ProcessingResult> results, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(node);
        return await CompleteAsync(results, node, cancellationToken);
    }

    /// <summary>Writes the results in one transaction; with a <paramref name="node"/>, only those of interactions it still holds unprocessed.</summary>
    /// <remarks>
    /// The mark comes first and locks the row: a node that lost the row finds another owner (or a processed mark) and writes
    /// nothing for it; one that races a claim waits for it and then re-reads the owner.
    /// </remarks>
    private async Task<IReadOnlyList<long>> CompleteAsync(IReadOnlyList<ProcessingResult> results, string? node, CancellationToken cancellationToken)
    {
        if (results.Count == 0)
            return [];
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var clear = PostgresCommands.Create(connection, transaction, "DELETE FROM flags WHERE interaction_seq = $1 AND policy = $2");
        await using var insert = PostgresCommands.Create(connection, transaction, """
            INSERT INTO flags (interaction_seq, policy, rule, category, severity, occurred_at, body)
            SELECT $1, $2, $3, $4, $5, occurred_at, $6 FROM interactions WHERE seq = $1
            """);
        // An interaction whose id retention has deleted (its row waits for its day's partition to be dropped) is skipped like
        // a deleted one: its dependants could not refer to it.
        const string Mark = "UPDATE interactions SET processed_policy = $2, processed_at = $3, diagnostics = $4 " +
            "WHERE seq = $1 AND EXISTS (SELECT 1 FROM interaction_ids d WHERE d.seq = $1)";
        await using var mark = PostgresCommands.Create(connection, transaction, node is null
            ? Mark + " RETURNING id"
            : Mark + " AND lease_owner = $5 AND processed_at IS NULL RETURNING id");
        await using var route = PostgresCommands.Create(connection, transaction, """
            INSERT INTO routing (interaction_seq, policy, tier, inclusion_probability, selected, priority, reason)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (interaction_seq) DO UPDATE SET policy = excluded.policy, tier = excluded.tier,
                inclusion_probability = excluded.inclusion_probability, selected = excluded.selected,
                priority = excluded.priority, reason = excluded.reason
            """);
        // A task, once created, keeps its labels: reprocessing never opens a second one.
        await using var task = PostgresCommands.Create(connection, transaction, """
            INSERT INTO review_tasks (interaction_seq, policy, tier, priority, required_labels, status, created_at, occurred_at)
            SELECT $1, $2, $3, $4, $5, 'open', $6, i.occurred_at FROM interactions i WHERE i.seq = $1
            ON CONFLICT (interaction_seq) DO NOTHING
            """);
        await using var score = SelfAgreementUpsert(connection, transaction);
        var completed = new List<long>(results.Count);
        var audit = new List<AuditRecord>(results.Count);
        foreach (var result in results)
        {
            var diagnostics = result.Diagnostics.Count == 0 ? null : string.Join('\n', result.Diagnostics);
            var marked = node is null
                ? PostgresCommands.Bind(mark, result.Sequence, result.PolicyHash, now, Text(diagnostics))
                : PostgresCommands.Bind(mark, result.Sequence, result.PolicyHash, now, Text(diagnostics), node);
            if (await marked.ExecuteScalarAsync(cancellationToken) is not string id)
                continue;
            completed.Add(result.Sequence);
            audit.Add(AuditRecords.Processed(id, result));

            if (result.SelfAgreement is { } agreement)
                await BindSelfAgreement(score, result.Sequence, result.PolicyHash, agreement, now).ExecuteNonQueryAsync(cancellationToken);
            if (result.Routing is { } routing)
            {
                await PostgresCommands.Bind(route, result.Sequence, result.PolicyHash, (int)routing.Tier, routing.InclusionProbability,
                    routing.Selected ? 1 : 0, routing.Priority, routing.Reason).ExecuteNonQueryAsync(cancellationToken);
                if (routing.Selected)
                {
                    await PostgresCommands.Bind(task, result.Sequence, result.PolicyHash, (int)routing.Tier, routing.Priority, routing.RequiredLabels, now)
                        .ExecuteNonQueryAsync(cancellationToken);
                }
            }

            await PostgresCommands.Bind(clear, result.Sequence, result.PolicyHash).ExecuteNonQueryAsync(cancellationToken);
            foreach (var flag in result.Flags)
            {
                await PostgresCommands.Bind(insert, result.Sequence, result.PolicyHash, flag.Rule, flag.Category, (int)flag.Severity,
                    JsonSerializer.SerializeToUtf8Bytes(flag, AssayJsonContext.Default.Flag)).ExecuteNonQueryAsync(cancellationToken);
            }
        }

        // The search index is written here rather than at append (PostgresSearch says why), for the rows this call marked.
        await using (var index = PostgresCommands.Create(connection, transaction, PostgresSearch.IndexProcessed, completed.ToArray()))
            await index.ExecuteNonQueryAsync(cancellationToken);
        await PostgresAudit.AppendAsync(connection, transaction, audit, clock.GetUtcNow(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return completed;
    }

    public async Task<FlagPage> QueryFlagsAsync(FlagQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var command = database.DataSource.CreateCommand();
        var sql = new StringBuilder("""
            SELECT f.flag_id, i.id, f.occurred_at, f.body
            FROM flags f JOIN interactions i ON i.seq = f.interaction_seq
            WHERE f.flag_id > $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = FlagCursor.Decode(query.After) });
        if (query.Category is not null)
            Where(command, sql, "f.category = ", query.Category);
        if (query.Rule is not null)
            Where(command, sql, "f.rule = ", query.Rule);
        if (query.MinSeverity is { } severity)
            Where(command, sql, "f.severity >= ", (int)severity);
        if (query.From is { } from)
            Where(command, sql, "f.occurred_at >= ", from.ToUnixTimeMilliseconds());
        if (query.To is { } to)
            Where(command, sql, "f.occurred_at < ", to.ToUnixTimeMilliseconds());
        if (query.Project is not null)
            Where(command, sql, "i.project = ", query.Project);
        sql.Append(" ORDER BY f.flag_id LIMIT $").Append(command.Parameters.Count + 1);
        command.Parameters.Add(new NpgsqlParameter { Value = query.Limit + 1 });
        command.CommandText = sql.ToString();

        var flags = new List<StoredFlag>(query.Limit);
        long last = 0;
        var more = false;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
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

    private static void Where(NpgsqlCommand command, StringBuilder sql, string condition, object value)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = value });
        sql.Append(" AND ").Append(condition).Append('$').Append(command.Parameters.Count);
    }
}
