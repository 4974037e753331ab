using System.Data;
using Assay.Domain;
using Assay.Routing;

namespace Assay.Storage.Postgres;

/// <summary>The replay side of the PostgreSQL store: every interaction in order, and what was recorded for it.</summary>
public sealed partial class PostgresInteractionStore
{
    public async Task<IReadOnlyList<StoredInteraction>> ReadAsync(long afterSequence, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = PostgresCommands.Create(connection, null, """
            SELECT seq, content_hash, received_at, processed_policy, body
            FROM interactions WHERE seq > $1 ORDER BY seq LIMIT $2
            """, afterSequence, max);
        var list = new List<StoredInteraction>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            list.Add(ReadStored(reader, bodyOrdinal: 4));
        return list;
    }

    public async Task<IReadOnlyList<RecordedProcessing>> RecordedAsync(long afterSequence, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        // The three reads see one snapshot.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var recorded = new List<(long Sequence, string Id, string? Policy, RoutingDecision? Routing)>();
        await using (var rows = PostgresCommands.Create(connection, transaction, """
            SELECT i.seq, i.id, i.processed_policy, r.tier, r.inclusion_probability, r.selected, r.priority, r.reason, t.required_labels
            FROM interactions i
            LEFT JOIN routing r ON r.interaction_seq = i.seq
            LEFT JOIN review_tasks t ON t.interaction_seq = i.seq
            WHERE i.seq > $1 ORDER BY i.seq LIMIT $2
            """, afterSequence, max))
        await using (var reader = await rows.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                RoutingDecision? routing = reader.IsDBNull(3) ? null : new RoutingDecision(
                    (Tier)reader.GetInt32(3), reader.GetDouble(4), reader.GetInt32(5) != 0, reader.GetDouble(6), reader.GetString(7),
                    reader.IsDBNull(8) ? 0 : reader.GetInt32(8));
                recorded.Add((reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), routing));
            }
        }

        if (recorded.Count == 0)
            return [];
        var bySequence = new Dictionary<long, List<Flag>>();
        await using (var flags = PostgresCommands.Create(connection, transaction, """
            SELECT f.interaction_seq, f.body
            FROM flags f JOIN interactions i ON i.seq = f.interaction_seq AND i.processed_policy = f.policy
            WHERE f.interaction_seq > $1 AND f.interaction_seq <= $2
            ORDER BY f.interaction_seq, f.flag_id
            """, afterSequence, recorded[^1].Sequence))
        await using (var reader = await flags.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var sequence = reader.GetInt64(0);
                if (!bySequence.TryGetValue(sequence, out var list))
                    bySequence[sequence] = list = [];
                list.Add(DeserializeFlag(reader, 1));
            }
        }

        // The client's samples win over drawn ones (ordered last, so they overwrite).
        var agreement = new Dictionary<long, SelfAgreementRecord>();
        await using (var scores = PostgresCommands.Create(connection, transaction, """
            SELECT interaction_seq, source, model_version, method, sample_count, score, unsupported, samples, drawn_by, tokens
            FROM self_agreement WHERE interaction_seq > $1 AND interaction_seq <= $2
            ORDER BY interaction_seq, source DESC
            """, afterSequence, recorded[^1].Sequence))
        await using (var reader = await scores.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                agreement[reader.GetInt64(0)] = StoredRows.SelfAgreement(reader, 1);
        }

        return recorded.Select(r => new RecordedProcessing(r.Sequence, r.Id, r.Policy,
            bySequence.TryGetValue(r.Sequence, out var list) ? list : [], r.Routing, agreement.GetValueOrDefault(r.Sequence))).ToList();
    }
}
