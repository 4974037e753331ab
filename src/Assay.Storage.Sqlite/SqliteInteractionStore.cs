using System.Text.Json;
using Assay.Domain;
using Assay.Ingest;
using Assay.Json;
using Microsoft.Data.Sqlite;

namespace Assay.Storage.Sqlite;

/// <summary>The embedded interaction store: the interaction log and its flags in one SQLite file.</summary>
/// <remarks>Thread-safe; writes are serialised by the shared <see cref="SqliteDatabase"/>.</remarks>
public sealed partial class SqliteInteractionStore : IInteractionStore
{
    private readonly SqliteDatabase _database;
    private readonly TimeProvider _clock;
    private readonly bool _ownsDatabase;

    /// <summary>A store over its own connection to the file at <paramref name="options"/>.</summary>
    public SqliteInteractionStore(SqliteStoreOptions options, TimeProvider clock)
        : this(new SqliteDatabase(options), clock) => _ownsDatabase = true;

    /// <summary>A store sharing <paramref name="database"/> with other stores of the same file.</summary>
    public SqliteInteractionStore(SqliteDatabase database, TimeProvider clock)
    {
        _database = database;
        _clock = clock;
    }

    public Task MigrateAsync(CancellationToken cancellationToken) => _database.MigrateAsync(cancellationToken);

    public async Task<IReadOnlyList<AppendStatus>> AppendAsync(IReadOnlyList<ParsedInteraction> batch, CancellationToken cancellationToken)
    {
        var statuses = new AppendStatus[batch.Count];
        if (batch.Count == 0)
            return statuses;
        return await _database.WriteAsync(connection =>
        {
            using var transaction = connection.BeginTransaction();
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO interactions (id, content_hash, occurred_at, received_at, model, project, body)
                VALUES ($id, $hash, $occurred, $received, $model, $project, $body)
                ON CONFLICT (id) DO NOTHING
                RETURNING seq
                """;
            var id = insert.Parameters.Add("$id", SqliteType.Text);
            var hash = insert.Parameters.Add("$hash", SqliteType.Text);
            var occurred = insert.Parameters.Add("$occurred", SqliteType.Integer);
            var received = insert.Parameters.Add("$received", SqliteType.Integer);
            var model = insert.Parameters.Add("$model", SqliteType.Text);
            var project = insert.Parameters.Add("$project", SqliteType.Text);
            var body = insert.Parameters.Add("$body", SqliteType.Blob);
            using var existing = connection.CreateCommand();
            existing.Transaction = transaction;
            existing.CommandText = "SELECT content_hash FROM interactions WHERE id = $id";
            var existingId = existing.Parameters.Add("$id", SqliteType.Text);
            using var search = new SqliteSearchIndex(connection, transaction);

            var now = _clock.GetUtcNow();
            for (var i = 0; i < batch.Count; i++)
            {
                var item = batch[i];
                var interaction = item.Interaction;
                id.Value = interaction.Id;
                hash.Value = item.ContentHash;
                occurred.Value = (interaction.Timestamp ?? now).ToUnixTimeMilliseconds();
                received.Value = now.ToUnixTimeMilliseconds();
                model.Value = interaction.Model;
                project.Value = (object?)interaction.Metadata.Project ?? DBNull.Value;
                body.Value = item.CanonicalJson;
                if (insert.ExecuteScalar() is long sequence)
                {
                    search.Add(sequence, interaction);
                    statuses[i] = AppendStatus.Accepted;
                    continue;
                }

                existingId.Value = interaction.Id;
                var storedHash = (string)existing.ExecuteScalar()!;
                statuses[i] = storedHash == item.ContentHash ? AppendStatus.Duplicate : AppendStatus.Conflict;
            }

            transaction.Commit();
            return (IReadOnlyList<AppendStatus>)statuses;
        }, cancellationToken);
    }

    public async Task<InteractionRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        // Three reads, one snapshot: a drawn score is never seen without the flag committed with it.
        using var transaction = connection.BeginTransaction(deferred: true);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT seq, content_hash, received_at, processed_policy, body
            FROM interactions WHERE id = $id
            """;
        command.Parameters.AddWithValue("$id", id);
        StoredInteraction stored;
        using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
                return null;
            stored = ReadStored(reader, bodyOrdinal: 4);
        }

        using var flags = connection.CreateCommand();
        flags.Transaction = transaction;
        flags.CommandText = "SELECT body FROM flags WHERE interaction_seq = $seq ORDER BY flag_id";
        flags.Parameters.AddWithValue("$seq", stored.Sequence);
        var list = new List<Flag>();
        using (var flagReader = await flags.ExecuteReaderAsync(cancellationToken))
        {
            while (await flagReader.ReadAsync(cancellationToken))
                list.Add(DeserializeFlag(flagReader, 0));
        }

        using var scores = connection.CreateCommand();
        scores.Transaction = transaction;
        scores.CommandText = """
            SELECT source, model_version, method, sample_count, score, unsupported, samples, drawn_by, tokens
            FROM self_agreement WHERE interaction_seq = $seq ORDER BY source
            """;
        scores.Parameters.AddWithValue("$seq", stored.Sequence);
        var agreement = new List<SelfAgreementRecord>();
        using var scoreReader = await scores.ExecuteReaderAsync(cancellationToken);
        while (await scoreReader.ReadAsync(cancellationToken))
            agreement.Add(StoredRows.SelfAgreement(scoreReader, 0));
        return new InteractionRecord(stored, list, agreement);
    }

    public async Task<StoreCounts> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT count(*) FROM interactions),
                   (SELECT count(*) FROM interactions WHERE processed_at IS NOT NULL),
                   (SELECT count(*) FROM flags)
            """;
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new StoreCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownsDatabase)
            await _database.DisposeAsync();
    }

    private Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken) => _database.OpenReaderAsync(cancellationToken);

    private static StoredInteraction ReadStored(SqliteDataReader reader, int bodyOrdinal)
    {
        // Read the blob whole: GetStream over a rowid table opens an incremental-blob handle, which is
        // slower and, left undisposed, keeps the pooled connection's read snapshot open.
        var interaction = JsonSerializer.Deserialize(reader.GetFieldValue<byte[]>(bodyOrdinal), AssayJsonContext.Default.Interaction)!;
        return new StoredInteraction(
            reader.GetInt64(0),
            interaction,
            reader.GetString(1),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
            reader.IsDBNull(3) ? null : reader.GetString(3));
    }

    private static Flag DeserializeFlag(SqliteDataReader reader, int ordinal) =>
        JsonSerializer.Deserialize(reader.GetFieldValue<byte[]>(ordinal), AssayJsonContext.Default.Flag)!;
}
