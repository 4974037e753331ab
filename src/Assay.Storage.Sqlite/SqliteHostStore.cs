using Microsoft.Data.Sqlite;

namespace Assay.Storage.Sqlite;

/// <summary>The host port on a SQLite file: readiness, the pipeline queue and the data-protection key ring (module <c>host</c>).</summary>
/// <remarks>Thread-safe. Key-ring reads and writes go through the write connection, which migrates the file on first use.</remarks>
public sealed class SqliteHostStore(SqliteDatabase database, TimeProvider time) : IHostStore
{
    private static readonly (string Module, int Version)[] s_expected =
    [
        (InteractionSchema.Module, InteractionSchema.Steps.Length),
        (ReviewSchema.Module, ReviewSchema.Steps.Length),
        (MonitoringSchema.Module, MonitoringSchema.Steps.Length),
        (HostSchema.Module, HostSchema.Steps.Length),
        (AuditSchema.Module, AuditSchema.Steps.Length),
        (PolicySchema.Module, PolicySchema.Steps.Length),
    ];

    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenReaderAsync(cancellationToken);
            using var command = SqliteCommands.Create(connection, null, "SELECT module, version FROM schema_migrations");
            using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var versions = new Dictionary<string, int>(StringComparer.Ordinal);
            while (await reader.ReadAsync(cancellationToken))
                versions[reader.GetString(0)] = reader.GetInt32(1);
            return s_expected.All(m => versions.GetValueOrDefault(m.Module) == m.Version);
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    public async Task<PipelineBacklog> PipelineBacklogAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        // Both reads walk the partial index of unprocessed interactions only; the oldest is the lowest sequence.
        using var command = SqliteCommands.Create(connection, null, """
            SELECT (SELECT count(*) FROM interactions WHERE processed_at IS NULL),
                   (SELECT received_at FROM interactions WHERE processed_at IS NULL ORDER BY seq LIMIT 1)
            """);
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new PipelineBacklog(reader.GetInt64(0), reader.IsDBNull(1) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)));
    }

    public IReadOnlyList<string> ReadKeyRing() => database.WriteAsync(connection =>
    {
        using var command = SqliteCommands.Create(connection, null, "SELECT xml FROM data_protection_keys ORDER BY created_at, name");
        using var reader = command.ExecuteReader();
        var elements = new List<string>();
        while (reader.Read())
            elements.Add(reader.GetString(0));
        return elements;
    }, CancellationToken.None).GetAwaiter().GetResult();

    public void AddToKeyRing(string name, string xml) => database.WriteAsync(connection =>
    {
        using var command = SqliteCommands.Create(connection, null,
            "INSERT INTO data_protection_keys (name, xml, created_at) VALUES ($name, $xml, $at) ON CONFLICT (name) DO NOTHING",
            ("$name", name), ("$xml", xml), ("$at", time.GetUtcNow().ToUnixTimeMilliseconds()));
        return command.ExecuteNonQuery();
    }, CancellationToken.None).GetAwaiter().GetResult();
}
