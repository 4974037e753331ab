using System.Data;
using System.Text;
using Assay.Domain;
using Assay.Routing;
using Npgsql;

namespace Assay.Storage.Postgres;

/// <summary>The interaction list: filters, full-text search over <c>interaction_search</c>, newest first, paged by (time, sequence).</summary>
public sealed partial class PostgresInteractionStore
{
    public async Task<InteractionPage> QueryInteractionsAsync(InteractionQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var after = InteractionCursor.Decode(query.After);
        var values = new List<object?>();
        string Parameter(object? value)
        {
            values.Add(value);
            return "$" + values.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var sql = new StringBuilder("""
            SELECT i.seq, i.content_hash, i.received_at, i.processed_policy, i.body, i.occurred_at, r.tier
            FROM interactions i LEFT JOIN routing r ON r.interaction_seq = i.seq
            WHERE true
            """);
        if (after is { } cursor)
            sql.Append($" AND (i.occurred_at, i.seq) < ({Parameter(cursor.OccurredAt)}, {Parameter(cursor.Sequence)})");
        if (query.From is { } from)
            sql.Append($" AND i.occurred_at >= {Parameter(from.ToUnixTimeMilliseconds())}");
        if (query.To is { } to)
            sql.Append($" AND i.occurred_at < {Parameter(to.ToUnixTimeMilliseconds())}");
        if (query.Project is not null)
            sql.Append($" AND i.project = {Parameter(query.Project)}");
        if (query.Scope is not null)
            sql.Append($" AND i.project = {Parameter(query.Scope)}");
        if (query.Model is not null)
            sql.Append($" AND i.model = {Parameter(query.Model)}");
        if (query.ModelVersion is not null)
            sql.Append($" AND i.seq IN (SELECT seq FROM interaction_search WHERE model_version = {Parameter(query.ModelVersion)})");
        if (query.Session is not null)
            sql.Append($" AND i.seq IN (SELECT seq FROM interaction_search WHERE session_id = {Parameter(query.Session)})");
        if (query.Tier is { } tier)
            sql.Append($" AND r.tier = {Parameter((int)tier)}");
        if (query.Flagged is { } flagged)
            sql.Append(flagged ? " AND " : " AND NOT ").Append("EXISTS (SELECT 1 FROM flags f WHERE f.interaction_seq = i.seq AND f.policy = i.processed_policy)");
        if (query.Category is not null || query.Rule is not null)
        {
            sql.Append(" AND EXISTS (SELECT 1 FROM flags f WHERE f.interaction_seq = i.seq AND f.policy = i.processed_policy");
            if (query.Category is not null)
                sql.Append($" AND f.category = {Parameter(query.Category)}");
            if (query.Rule is not null)
                sql.Append($" AND f.rule = {Parameter(query.Rule)}");
            sql.Append(')');
        }

        // The words alone, joined by spaces: plainto_tsquery reads no operator, so user text is never query syntax.
        if (query.Text is not null)
            sql.Append($" AND i.seq IN (SELECT seq FROM interaction_search WHERE document @@ plainto_tsquery('simple', {Parameter(string.Join(' ', SearchText.Words(query.Text)))}))");
        sql.Append($" ORDER BY i.occurred_at DESC, i.seq DESC LIMIT {Parameter(query.Limit + 1)}");

        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        // The page and its flags, one snapshot: a page never shows a tier without the flags committed with it.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var rows = new List<(StoredInteraction Stored, long OccurredAt, Tier? Tier)>(query.Limit);
        var more = false;
        await using (var command = PostgresCommands.Create(connection, transaction, sql.ToString(), [.. values]))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (rows.Count == query.Limit)
                {
                    more = true;
                    break;
                }

                rows.Add((ReadStored(reader, bodyOrdinal: 4), reader.GetInt64(5), reader.IsDBNull(6) ? null : (Tier)reader.GetInt32(6)));
            }
        }

        var flags = new Dictionary<long, List<Flag>>();
        if (rows.Count > 0)
        {
            await using var command = PostgresCommands.Create(connection, transaction, """
                SELECT f.interaction_seq, f.body FROM flags f JOIN interactions i ON i.seq = f.interaction_seq
                WHERE f.interaction_seq = ANY($1) AND f.policy = i.processed_policy
                ORDER BY f.flag_id
                """, rows.Select(r => r.Stored.Sequence).ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var sequence = reader.GetInt64(0);
                if (!flags.TryGetValue(sequence, out var list))
                    flags[sequence] = list = [];
                list.Add(DeserializeFlag(reader, 1));
            }
        }

        var items = rows.Select(r => new ListedInteraction(r.Stored, r.Tier, flags.GetValueOrDefault(r.Stored.Sequence) ?? [])).ToList();
        return new InteractionPage(items, more ? InteractionCursor.Encode(rows[^1].OccurredAt, rows[^1].Stored.Sequence) : null);
    }
}
