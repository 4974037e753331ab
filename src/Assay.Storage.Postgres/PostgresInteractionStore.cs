using System.Data;
using System.Text.Json;
using Assay.Domain;
using Assay.Ingest;
using Assay.Json;
using Npgsql;
using NpgsqlTypes;

namespace Assay.Storage.Postgres;

/// <summary>The interaction log and its flags on PostgreSQL, shared by every Assay node that points at the database.</summary>
/// <remarks>
/// Thread-safe. Idempotency across nodes is the database's: the primary key of <c>interaction_ids</c> (one row per stored
/// interaction, not partitioned, written in the same statement as the interaction) makes the same interaction sent to two
/// nodes at once one <c>accepted</c> and one <c>duplicate</c> (or a conflict when the content differs), whichever day's
/// partition holds the first.
/// </remarks>
public sealed partial class PostgresInteractionStore(PostgresDatabase database, TimeProvider clock) : IInteractionStore
{
    /// <summary>The UTC day (days since 1970) whose partition this node last made sure of; see <see cref="EnsurePartitionAsync"/>.</summary>
    private long _partitionedDay = long.MinValue;

    private long _partitionRetryAt = long.MinValue;

    public Task MigrateAsync(CancellationToken cancellationToken) => database.MigrateAsync(cancellationToken);

    public async Task<IReadOnlyList<AppendStatus>> AppendAsync(IReadOnlyList<ParsedInteraction> batch, CancellationToken cancellationToken)
    {
        var statuses = new AppendStatus[batch.Count];
        if (batch.Count == 0)
            return statuses;
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await EnsurePartitionAsync(cancellationToken);
        if (await TryCopyNewAsync(batch, now, cancellationToken))
        {
            Array.Fill(statuses, AppendStatus.Accepted);
            return statuses;
        }

        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // One statement per group commit. The id goes into interaction_ids first, whose primary key decides accepted or not
        // (ids stored before, or earlier in this batch, are skipped); the row goes into interactions, into today's partition,
        // with the sequence number its id took. Both commit together or not at all.
        await using var insert = PostgresCommands.Create(connection, transaction, """
            WITH u AS (
                SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $5::text[], $6::text[], $7::bytea[]) WITH ORDINALITY
                    AS u (id, hash, occurred, model, project, body, n)),
            ids AS (
                INSERT INTO interaction_ids (id, seq, content_hash, received_at)
                SELECT u.id, nextval('interactions_seq'), u.hash, $4 FROM u ORDER BY u.n
                ON CONFLICT (id) DO NOTHING
                RETURNING id, seq),
            rows AS (
                INSERT INTO interactions (seq, id, content_hash, occurred_at, received_at, model, project, body)
                SELECT ids.seq, first.id, first.hash, first.occurred, $4, first.model, first.project, first.body
                FROM ids JOIN (SELECT DISTINCT ON (id) * FROM u ORDER BY id, n) first ON first.id = ids.id
                ORDER BY ids.seq
                RETURNING id)
            SELECT id FROM rows
            """,
            batch.Select(i => i.Interaction.Id).ToArray(), batch.Select(i => i.ContentHash).ToArray(),
            batch.Select(i => (i.Interaction.Timestamp?.ToUnixTimeMilliseconds()) ?? now).ToArray(), now,
            batch.Select(i => i.Interaction.Model).ToArray(), batch.Select(i => i.Interaction.Metadata.Project).ToArray(),
            batch.Select(i => i.CanonicalJson).ToArray());
        var inserted = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await insert.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                inserted.Add(reader.GetString(0));
        }

        var taken = new Dictionary<string, string>(StringComparer.Ordinal);
        var others = batch.Select(i => i.Interaction.Id).Where(id => !inserted.Contains(id)).Distinct(StringComparer.Ordinal).ToArray();
        if (others.Length > 0)
        {
            await using var existing = PostgresCommands.Create(connection, transaction, "SELECT id, content_hash FROM interaction_ids WHERE id = ANY($1)", (object)others);
            await using var reader = await existing.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                taken[reader.GetString(0)] = reader.GetString(1);
        }

        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            var item = batch[i];
            var id = item.Interaction.Id;
            if (inserted.Remove(id))
            {
                statuses[i] = AppendStatus.Accepted;
                stored[id] = item.ContentHash;
                continue;
            }

            var hash = stored.TryGetValue(id, out var earlier) ? earlier : taken[id];
            statuses[i] = hash == item.ContentHash ? AppendStatus.Duplicate : AppendStatus.Conflict;
        }

        await transaction.CommitAsync(cancellationToken);
        return statuses;
    }

    public async Task<InteractionRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        // Three reads, one snapshot: a drawn score is never seen without the flag committed with it.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        StoredInteraction stored;
        await using (var command = PostgresCommands.Create(connection, transaction,
            """
            SELECT i.seq, i.content_hash, i.received_at, i.processed_policy, i.body
            FROM interaction_ids d JOIN interactions i ON i.seq = d.seq AND i.received_at = d.received_at
            WHERE d.id = $1
            """, id))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
                return null;
            stored = ReadStored(reader, bodyOrdinal: 4);
        }

        var flags = new List<Flag>();
        await using (var command = PostgresCommands.Create(connection, transaction, "SELECT body FROM flags WHERE interaction_seq = $1 ORDER BY flag_id", stored.Sequence))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                flags.Add(DeserializeFlag(reader, 0));
        }

        var agreement = new List<SelfAgreementRecord>();
        await using (var command = PostgresCommands.Create(connection, transaction, """
            SELECT source, model_version, method, sample_count, score, unsupported, samples, drawn_by, tokens
            FROM self_agreement WHERE interaction_seq = $1 ORDER BY source
            """, stored.Sequence))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                agreement.Add(StoredRows.SelfAgreement(reader, 0));
        }

        return new InteractionRecord(stored, flags, agreement);
    }

    public async Task<StoreCounts> CountAsync(CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT (SELECT count(*) FROM interactions),
                   (SELECT count(*) FROM interactions WHERE processed_at IS NOT NULL),
                   (SELECT count(*) FROM flags)
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new StoreCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <summary>Makes sure today's partition exists, once a day per node (and again a minute after a failed try).</summary>
    /// <remarks>
    /// Partitions are made days ahead at start and by retention, so this rarely makes one; it is here so that a node that
    /// runs for days without retention still finds its day partitioned. Rows of a day without a partition are not lost: they
    /// go to the default partition, and move into their day's partition when it is made.
    /// </remarks>
    private async Task EnsurePartitionAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = PostgresPartitions.DayOf(now.ToUnixTimeMilliseconds());
        if (Interlocked.Read(ref _partitionedDay) == today || now.ToUnixTimeMilliseconds() < Interlocked.Read(ref _partitionRetryAt))
            return;
        if (await PostgresPartitions.EnsureAsync(database.DataSource, now, cancellationToken))
            Interlocked.Exchange(ref _partitionedDay, today);
        else
            Interlocked.Exchange(ref _partitionRetryAt, now.AddMinutes(1).ToUnixTimeMilliseconds());
    }

    /// <summary>The database is shared and owned by whoever made it; the store holds nothing of its own.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static StoredInteraction ReadStored(NpgsqlDataReader reader, int bodyOrdinal) => new(
        reader.GetInt64(0),
        JsonSerializer.Deserialize(reader.GetFieldValue<byte[]>(bodyOrdinal), AssayJsonContext.Default.Interaction)!,
        reader.GetString(1),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
        reader.IsDBNull(3) ? null : reader.GetString(3));

    private static Flag DeserializeFlag(NpgsqlDataReader reader, int ordinal) =>
        JsonSerializer.Deserialize(reader.GetFieldValue<byte[]>(ordinal), AssayJsonContext.Default.Flag)!;

    private static NpgsqlParameter Text(string? value) => value is null ? PostgresCommands.Null(NpgsqlDbType.Text) : new NpgsqlParameter { Value = value };
}
