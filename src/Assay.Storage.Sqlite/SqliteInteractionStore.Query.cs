using System.Text;
using Assay.Domain;
using Assay.Routing;
using Microsoft.Data.Sqlite;

namespace Assay.Storage.Sqlite;

/// <summary>The interaction list: filters, full-text search over FTS5, newest first, paged by (time, sequence).</summary>
public sealed partial class SqliteInteractionStore
{
    public async Task<InteractionPage> QueryInteractionsAsync(InteractionQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var after = InteractionCursor.Decode(query.After);
        await using var connection = await OpenReaderAsync(cancellationToken);
        // The page and its flags, one snapshot: a page never shows a tier without the flags committed with it.
        using var transaction = connection.BeginTransaction(deferred: true);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var sql = new StringBuilder("""
            SELECT i.seq, i.content_hash, i.received_at, i.processed_policy, i.body, i.occurred_at, r.tier
            FROM interactions i LEFT JOIN routing r ON r.interaction_seq = i.seq
            WHERE 1 = 1
            """);
        if (after is { } cursor)
        {
            sql.Append(" AND (i.occurred_at < $at OR (i.occurred_at = $at AND i.seq < $seq))");
            command.Parameters.AddWithValue("$at", cursor.OccurredAt);
            command.Parameters.AddWithValue("$seq", cursor.Sequence);
        }

        Filter(command, sql, query);
        sql.Append(" ORDER BY i.occurred_at DESC, i.seq DESC LIMIT $limit");
        command.Parameters.AddWithValue("$limit", query.Limit + 1);
        command.CommandText = sql.ToString();

        var rows = new List<(StoredInteraction Stored, long OccurredAt, Tier? Tier)>(query.Limit);
        var more = false;
        using (var reader = await command.ExecuteReaderAsync(cancellationToken))
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

        var flags = await CurrentFlagsAsync(connection, transaction, rows.Select(r => r.Stored.Sequence), cancellationToken);
        var items = rows.Select(r => new ListedInteraction(r.Stored, r.Tier, flags.GetValueOrDefault(r.Stored.Sequence) ?? [])).ToList();
        return new InteractionPage(items, more ? InteractionCursor.Encode(rows[^1].OccurredAt, rows[^1].Stored.Sequence) : null);
    }

    private static void Filter(SqliteCommand command, StringBuilder sql, InteractionQuery query)
    {
        void Where(string condition, string name, object value)
        {
            sql.Append(" AND ").Append(condition);
            command.Parameters.AddWithValue(name, value);
        }

        if (query.From is { } from)
            Where("i.occurred_at >= $from", "$from", from.ToUnixTimeMilliseconds());
        if (query.To is { } to)
            Where("i.occurred_at < $to", "$to", to.ToUnixTimeMilliseconds());
        if (query.Project is not null)
            Where("i.project = $project", "$project", query.Project);
        if (query.Scope is not null)
            Where("i.project = $scope", "$scope", query.Scope);
        if (query.Model is not null)
            Where("i.model = $model", "$model", query.Model);
        if (query.ModelVersion is not null)
            Where("i.seq IN (SELECT seq FROM interaction_facets WHERE model_version = $version)", "$version", query.ModelVersion);
        if (query.Session is not null)
            Where("i.seq IN (SELECT seq FROM interaction_facets WHERE session_id = $session)", "$session", query.Session);
        if (query.Tier is { } tier)
            Where("r.tier = $tier", "$tier", (int)tier);
        if (query.Flagged is { } flagged)
            sql.Append(flagged ? " AND " : " AND NOT ").Append("EXISTS (SELECT 1 FROM flags f WHERE f.interaction_seq = i.seq AND f.policy = i.processed_policy)");
        if (query.Category is not null || query.Rule is not null)
        {
            sql.Append(" AND EXISTS (SELECT 1 FROM flags f WHERE f.interaction_seq = i.seq AND f.policy = i.processed_policy");
            if (query.Category is not null)
                Where("f.category = $category", "$category", query.Category);
            if (query.Rule is not null)
                Where("f.rule = $rule", "$rule", query.Rule);
            sql.Append(')');
        }

        if (query.Text is not null)
            Where("i.seq IN (SELECT rowid FROM interaction_text WHERE interaction_text MATCH $text)", "$text", MatchExpression(query.Text));
    }

    /// <summary>
    /// The user's words as an FTS5 query that is never syntax: each word a quoted string (its quotes doubled), all required.
    /// With no word at all, a string that holds no token, which matches nothing.
    /// </summary>
    internal static string MatchExpression(string text)
    {
        var words = SearchText.Words(text);
        return words.Count == 0 ? "\"\"" : string.Join(' ', words.Select(w => "\"" + w.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
    }

    /// <summary>The flags of the policy that processed each of <paramref name="sequences"/>, by sequence.</summary>
    private static async Task<Dictionary<long, List<Flag>>> CurrentFlagsAsync(
        SqliteConnection connection, SqliteTransaction transaction, IEnumerable<long> sequences, CancellationToken cancellationToken)
    {
        var result = new Dictionary<long, List<Flag>>();
        var json = $"[{string.Join(',', sequences)}]";
        if (json == "[]")
            return result;
        using var command = SqliteCommands.Create(connection, transaction, """
            SELECT f.interaction_seq, f.body FROM flags f JOIN interactions i ON i.seq = f.interaction_seq
            WHERE f.interaction_seq IN (SELECT value FROM json_each($seqs)) AND f.policy = i.processed_policy
            ORDER BY f.flag_id
            """, ("$seqs", json));
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var sequence = reader.GetInt64(0);
            if (!result.TryGetValue(sequence, out var list))
                result[sequence] = list = [];
            list.Add(DeserializeFlag(reader, 1));
        }

        return result;
    }
}
