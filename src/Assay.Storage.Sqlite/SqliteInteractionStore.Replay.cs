using Assay.Domain;
using Assay.Routing;

namespace Assay.Storage.Sqlite;

/// <summary>The replay side of the SQLite store: every interaction in order, and what was recorded for it.</summary>
public sealed partial class SqliteInteractionStore
{
    public async Task<IReadOnlyList<StoredInteraction>> ReadAsync(long afterSequence, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        await using var connection = await OpenReaderAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT seq, content_hash, received_at, processed_policy, body
            FROM interactions WHERE seq > $after ORDER BY seq LIMIT $max
            """;
        command.Parameters.AddWithValue("$after", afterSequence);
        command.Parameters.AddWithValue("$max", max);
        var list = new List<StoredInteraction>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            list.Add(ReadStored(reader, bodyOrdinal: 4));
        return list;
    }

    public async Task<IReadOnlyList<RecordedProcessing>> RecordedAsync(long afterSequence, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        // One read connection for both queries: they see the same snapshot only inside a transaction.
        await using var connection = await OpenReaderAsync(cancellationToken);
        using var transaction = connection.BeginTransaction(deferred: true);
        using var rows = connection.CreateCommand();
        rows.Transaction = transaction;
        rows.CommandText = """
            SELECT i.seq, i.id, i.processed_policy, r.tier, r.inclusion_probability, r.selected, r.priority, r.reason, t.required_labels
            FROM interactions i
            LEFT JOIN routing r ON r.interaction_seq = i.seq
            LEFT JOIN review_tasks t ON t.interaction_seq = i.seq
            WHERE i.seq > $after ORDER BY i.seq LIMIT $max
            """;
        rows.Parameters.AddWithValue("$after", afterSequence);
        rows.Parameters.AddWithValue("$max", max);
        var recorded = new List<(long Sequence, string Id, string? Policy, RoutingDecision? Routing)>();
        using (var reader = await rows.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                RoutingDecision? routing = reader.IsDBNull(3) ? null : new RoutingDecision(
                    (Tier)reader.GetInt32(3), reader.GetDouble(4), reader.GetInt64(5) != 0, reader.GetDouble(6), reader.GetString(7),
                    reader.IsDBNull(8) ? 0 : reader.GetInt32(8));
                recorded.Add((reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), routing));
            }
        }

        if (recorded.Count == 0)
            return [];
        // Flags of the whole range in one query; only those of the policy each interaction was last processed with.
        using var flags = connection.CreateCommand();
        flags.Transaction = transaction;
        flags.CommandText = """
            SELECT f.interaction_seq, f.body
            FROM flags f JOIN interactions i ON i.seq = f.interaction_seq AND i.processed_policy = f.policy
            WHERE f.interaction_seq > $after AND f.interaction_seq <= $last
            ORDER BY f.interaction_seq, f.flag_id
            """;
        flags.Parameters.AddWithValue("$after", afterSequence);
        flags.Parameters.AddWithValue("$last", recorded[^1].Sequence);
        var bySequence = new Dictionary<long, List<Flag>>();
        using (var reader = await flags.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var sequence = reader.GetInt64(0);
                if (!bySequence.TryGetValue(sequence, out var list))
                    bySequence[sequence] = list = [];
                list.Add(DeserializeFlag(reader, 1));
            }
        }

        // Scores of the range; the client's samples win over drawn ones (ordered last, so they overwrite).
        using var scores = connection.CreateCommand();
        scores.Transaction = transaction;
        scores.CommandText = """
            SELECT interaction_seq, source, model_version, method, sample_count, score, unsupported, samples, drawn_by, tokens
            FROM self_agreement WHERE interaction_seq > $after AND interaction_seq <= $last
            ORDER BY interaction_seq, source DESC
            """;
        scores.Parameters.AddWithValue("$after", afterSequence);
        scores.Parameters.AddWithValue("$last", recorded[^1].Sequence);
        var agreement = new Dictionary<long, SelfAgreementRecord>();
        using (var reader = await scores.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                agreement[reader.GetInt64(0)] = StoredRows.SelfAgreement(reader, 1);
        }

        return recorded.Select(r => new RecordedProcessing(r.Sequence, r.Id, r.Policy,
            bySequence.TryGetValue(r.Sequence, out var list) ? list : [], r.Routing, agreement.GetValueOrDefault(r.Sequence))).ToList();
    }
}
