using Assay.Ingest;
using Npgsql;
using NpgsqlTypes;

namespace Assay.Storage.Postgres;

/// <summary>The fast path of a group commit: the whole batch in binary <c>COPY</c>s, as fast as PostgreSQL takes rows.</summary>
/// <remarks>
/// Most batches hold only new ids, and for them a plain <c>COPY</c> does what the <c>INSERT … ON CONFLICT DO NOTHING</c>
/// path does, without its per-row speculative insertion and its array parameters. The ids go first, into
/// <c>interaction_ids</c>, whose primary key decides as on the slow path: when any id is taken — stored before, by another
/// node (whose uncommitted id the <c>COPY</c> waits for), or twice in the batch — the <c>COPY</c> fails, its transaction
/// rolls back leaving nothing, and the caller runs the conflict-aware path instead, which tells each row's status. Only
/// then do the rows go into <c>interactions</c> (today's partition) with the sequence numbers their ids took, and the search
/// index after them, all in the one transaction. Either way the batch is acknowledged only after its commit.
/// </remarks>
public sealed partial class PostgresInteractionStore
{
    private const string CopyIds = "COPY interaction_ids (id, seq, content_hash, received_at) FROM STDIN (FORMAT BINARY)";

    private const string CopyInteractions =
        "COPY interactions (seq, id, content_hash, occurred_at, received_at, model, project, body) FROM STDIN (FORMAT BINARY)";

    /// <summary>Stores every row of <paramref name="batch"/> as new and returns true; false, storing nothing, when any id is taken.</summary>
    private async Task<bool> TryCopyNewAsync(IReadOnlyList<ParsedInteraction> batch, long now, CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(batch.Count, StringComparer.Ordinal);
        if (!batch.All(i => ids.Add(i.Interaction.Id)))
            return false;
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            // The sequence numbers first, in batch order as the slow path gives them; a rolled-back batch leaves a gap, as there.
            var seqs = new long[batch.Count];
            await using (var next = PostgresCommands.Create(connection, transaction,
                "SELECT nextval('interactions_seq') FROM generate_series(1, $1)", batch.Count))
            await using (var reader = await next.ExecuteReaderAsync(cancellationToken))
            {
                for (var i = 0; await reader.ReadAsync(cancellationToken); i++)
                    seqs[i] = reader.GetInt64(0);
            }

            Array.Sort(seqs);
            await using (var writer = await connection.BeginBinaryImportAsync(CopyIds, cancellationToken))
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    await writer.StartRowAsync(cancellationToken);
                    await writer.WriteAsync(batch[i].Interaction.Id, NpgsqlDbType.Text, cancellationToken);
                    await writer.WriteAsync(seqs[i], NpgsqlDbType.Bigint, cancellationToken);
                    await writer.WriteAsync(batch[i].ContentHash, NpgsqlDbType.Text, cancellationToken);
                    await writer.WriteAsync(now, NpgsqlDbType.Bigint, cancellationToken);
                }

                await writer.CompleteAsync(cancellationToken);
            }

            await using (var writer = await connection.BeginBinaryImportAsync(CopyInteractions, cancellationToken))
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    var item = batch[i];
                    await writer.StartRowAsync(cancellationToken);
                    await writer.WriteAsync(seqs[i], NpgsqlDbType.Bigint, cancellationToken);
                    await writer.WriteAsync(item.Interaction.Id, NpgsqlDbType.Text, cancellationToken);
                    await writer.WriteAsync(item.ContentHash, NpgsqlDbType.Text, cancellationToken);
                    await writer.WriteAsync(item.Interaction.Timestamp?.ToUnixTimeMilliseconds() ?? now, NpgsqlDbType.Bigint, cancellationToken);
                    await writer.WriteAsync(now, NpgsqlDbType.Bigint, cancellationToken);
                    await writer.WriteAsync(item.Interaction.Model, NpgsqlDbType.Text, cancellationToken);
                    if (item.Interaction.Metadata.Project is { } project)
                        await writer.WriteAsync(project, NpgsqlDbType.Text, cancellationToken);
                    else
                        await writer.WriteNullAsync(cancellationToken);
                    await writer.WriteAsync(item.CanonicalJson, NpgsqlDbType.Bytea, cancellationToken);
                }

                await writer.CompleteAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        // A deadlock too: two nodes copying overlapping batches in opposite orders; the server aborts one, which retries the slow way.
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DeadlockDetected)
        {
            return false;
        }
    }
}
