using Assay.Audit;
using Assay.Policy;
using Microsoft.Data.Sqlite;

namespace Assay.Storage.Sqlite;

/// <summary>The SQLite policy store: uploaded policy texts and their activations.</summary>
public sealed class SqlitePolicyStore(SqliteDatabase database, TimeProvider clock) : IPolicyStore
{
    public async Task<PolicyVersion> AddAsync(string hash, string yaml, string source, AuditActor uploadedBy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(hash);
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(uploadedBy);
        await database.WriteAsync(connection =>
        {
            using var command = SqliteCommands.Create(connection, null, """
                INSERT INTO policy_versions (hash, source, yaml, uploaded_at, actor_key, actor_name)
                VALUES ($hash, $source, $yaml, $at, $key, $name) ON CONFLICT (hash) DO NOTHING
                """, ("$hash", hash), ("$source", source), ("$yaml", yaml), ("$at", clock.GetUtcNow().ToUnixTimeMilliseconds()),
                ("$key", (object?)uploadedBy.KeyId ?? DBNull.Value), ("$name", uploadedBy.Name));
            return command.ExecuteNonQuery();
        }, cancellationToken);
        return (await ReadVersionsAsync("WHERE v.hash = $hash", [("$hash", hash)], cancellationToken)).Single();
    }

    public async Task<string?> TextAsync(string hash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        using var command = SqliteCommands.Create(connection, null, "SELECT yaml FROM policy_versions WHERE hash = $hash", ("$hash", hash));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public Task<PolicyActivation?> ActivateAsync(string hash, AuditActor activatedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activatedBy);
        return database.WriteAsync(connection =>
        {
            var at = clock.GetUtcNow().ToUnixTimeMilliseconds();
            using var command = SqliteCommands.Create(connection, null, """
                INSERT INTO policy_activations (hash, activated_at, actor_key, actor_name)
                SELECT hash, $at, $key, $name FROM policy_versions WHERE hash = $hash
                RETURNING id
                """, ("$hash", hash), ("$at", at), ("$key", (object?)activatedBy.KeyId ?? DBNull.Value), ("$name", activatedBy.Name));
            return command.ExecuteScalar() is long id
                ? new PolicyActivation(id, hash, DateTimeOffset.FromUnixTimeMilliseconds(at), activatedBy)
                : null;
        }, cancellationToken);
    }

    public async Task<PolicyActivation?> ActiveAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        using var command = SqliteCommands.Create(connection, null,
            "SELECT id, hash, activated_at, actor_key, actor_name FROM policy_activations ORDER BY id DESC LIMIT 1");
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Activation(reader) : null;
    }

    public Task<IReadOnlyList<PolicyVersion>> ListAsync(int max, long? before, CancellationToken cancellationToken) =>
        ReadVersionsAsync("WHERE ($before IS NULL OR v.id < $before)", [("$before", (object?)before ?? DBNull.Value)], cancellationToken, max);

    private async Task<IReadOnlyList<PolicyVersion>> ReadVersionsAsync(string where, (string, object)[] parameters, CancellationToken cancellationToken, int max = 1)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        var versions = new List<PolicyVersion>();
        using (var command = SqliteCommands.Create(connection, null,
            $"SELECT v.id, v.hash, v.source, v.uploaded_at, v.actor_key, v.actor_name FROM policy_versions v {where} ORDER BY v.id DESC LIMIT $max",
            [.. parameters, ("$max", max)]))
        {
            using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                versions.Add(new PolicyVersion(reader.GetInt64(0), reader.GetString(1), reader.GetString(2),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), Actor(reader, 4), []));
            }
        }

        if (versions.Count == 0)
            return versions;
        var activations = versions.ToDictionary(v => v.Hash, _ => new List<PolicyActivation>(), StringComparer.Ordinal);
        // Only the activations of the versions read (by the hash index), not every activation ever made.
        var hashes = versions.Select((v, i) => ($"$h{i}", (object)v.Hash)).ToArray();
        using (var command = SqliteCommands.Create(connection, null,
            $"SELECT id, hash, activated_at, actor_key, actor_name FROM policy_activations WHERE hash IN ({string.Join(", ", hashes.Select(h => h.Item1))}) ORDER BY id",
            hashes))
        {
            using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                activations[reader.GetString(1)].Add(Activation(reader));
        }

        return [.. versions.Select(v => v with { Activations = activations[v.Hash] })];
    }

    private static PolicyActivation Activation(SqliteDataReader reader) =>
        new(reader.GetInt64(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), Actor(reader, 3));

    private static AuditActor Actor(SqliteDataReader reader, int keyColumn) =>
        new(reader.IsDBNull(keyColumn) ? null : reader.GetString(keyColumn), reader.GetString(keyColumn + 1));
}
