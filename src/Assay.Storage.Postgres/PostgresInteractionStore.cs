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
/// Thread-safe. Idempotency across nodes is the database's: the unique id makes the same interaction sent to two nodes at
/// once one <c>accepted</c> and one <c>duplicate</c> (or a conflict when the content differs).
/// </remarks>
public sealed partial class PostgresInteractionStore(PostgresDatabase database, TimeProvider clock) : IInteractionStore
{
    public Task MigrateAsync(CancellationToken cancellationToken) => database.MigrateAsync(cancellationToken);

    public async Task<IReadOnlyList<AppendStatus>> AppendAsync(IReadOnlyList<ParsedInteraction> batch, CancellationToken cancellationToken)
    {
        var statuses = new AppendStatus[batch.Count];
        if (batch.Count == 0)
            return statuses;
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (await TryCopyNewAsync(batch, now, cancellationToken))
        {
            Array.Fill(statuses, AppendStatus.Accepted);
            return statuses;
        }

        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // One multi-row insert per group commit; rows whose id is taken (stored before, or earlier in this batch) are skipped.
        await using var insert = PostgresCommands.Create(connection, transaction, """
            INSERT INTO interactions (id, content_hash, occurred_at, received_at, model, project, body)
            SELECT u.id, u.hash, u.occurred, $4, u.model, u.project, u.body
            FROM unnest($1::text[], $2::text[], $3::bigint[], $5::text[], $6::text[], $7::bytea[]) WITH ORDINALITY
                AS u (id, hash, occurred, model, project, body, n)
            ORDER BY u.n
            ON CONFLICT (id) DO NOTHING
            RETURNING id
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
            await using var existing = PostgresCommands.Create(connection, transaction, "SELECT id, content_hash FROM interactions WHERE id = ANY($1)", (object)others);
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

        await PostgresSearch.AddAsync(connection, transaction, [.. batch.Where((_, i) => statuses[i] == AppendStatus.Accepted)], cancellationToken);
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
            "SELECT seq, content_hash, received_at, processed_policy, body FROM interactions WHERE id = $1", id))
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
