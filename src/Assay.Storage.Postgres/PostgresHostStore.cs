using Npgsql;

namespace Assay.Storage.Postgres;

/// <summary>The host port on PostgreSQL: readiness, the pipeline queue and the key ring every node shares (module <c>host</c>).</summary>
/// <remarks>Thread-safe: each call takes its own pooled connection.</remarks>
public sealed class PostgresHostStore(PostgresDatabase database, TimeProvider time) : IHostStore
{
    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
            await using var command = PostgresCommands.Create(connection, null, "SELECT module, version FROM schema_migrations");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var versions = new Dictionary<string, int>(StringComparer.Ordinal);
            while (await reader.ReadAsync(cancellationToken))
                versions[reader.GetString(0)] = reader.GetInt32(1);
            return PostgresSchema.Modules.All(m => versions.GetValueOrDefault(m.Module) == m.Steps.Length);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return false;
        }
    }

    public async Task<PipelineBacklog> PipelineBacklogAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        // Both reads use the partial index of unprocessed interactions only; the oldest is the lowest sequence.
        await using var command = PostgresCommands.Create(connection, null, """
            SELECT (SELECT count(*) FROM interactions WHERE processed_at IS NULL),
                   (SELECT received_at FROM interactions WHERE processed_at IS NULL ORDER BY seq LIMIT 1)
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new PipelineBacklog(reader.GetInt64(0), reader.IsDBNull(1) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)));
    }

    public IReadOnlyList<string> ReadKeyRing()
    {
        using var connection = database.DataSource.OpenConnection();
        using var command = PostgresCommands.Create(connection, null, "SELECT xml FROM data_protection_keys ORDER BY created_at, name");
        using var reader = command.ExecuteReader();
        var elements = new List<string>();
        while (reader.Read())
            elements.Add(reader.GetString(0));
        return elements;
    }

    public void AddToKeyRing(string name, string xml)
    {
        using var connection = database.DataSource.OpenConnection();
        using var command = PostgresCommands.Create(connection, null,
            "INSERT INTO data_protection_keys (name, xml, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING",
            name, xml, time.GetUtcNow().ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
    }
}
