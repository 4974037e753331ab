using Assay.Audit;
using Assay.Policy;
using Npgsql;
using NpgsqlTypes;

namespace Assay.Storage.Postgres;

/// <summary>The PostgreSQL policy store: uploaded policy texts and their activations, shared by every node.</summary>
public sealed class PostgresPolicyStore(PostgresDatabase database, TimeProvider clock) : IPolicyStore
{
    private const string Activations = "SELECT id, hash, activated_at, actor_key, actor_name FROM policy_activations";

    public async Task<PolicyVersion> AddAsync(string hash, string yaml, string source, AuditActor uploadedBy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(hash);
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(uploadedBy);
        await using (var command = database.DataSource.CreateCommand("""
            INSERT INTO policy_versions (hash, source, yaml, uploaded_at, actor_key, actor_name)
            VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (hash) DO NOTHING
            """))
        {
            PostgresCommands.Bind(command, hash, source, yaml, clock.GetUtcNow().ToUnixTimeMilliseconds(), Key(uploadedBy), uploadedBy.Name);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return (await ReadVersionsAsync("WHERE v.hash = $1", [hash], 1, cancellationToken)).Single();
    }

    public async Task<string?> TextAsync(string hash, CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Bind(database.DataSource.CreateCommand("SELECT yaml FROM policy_versions WHERE hash = $1"), hash);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<PolicyActivation?> ActivateAsync(string hash, AuditActor activatedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activatedBy);
        var at = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var command = PostgresCommands.Bind(database.DataSource.CreateCommand("""
            INSERT INTO policy_activations (hash, activated_at, actor_key, actor_name)
            SELECT hash, $2, $3, $4 FROM policy_versions WHERE hash = $1
            RETURNING id
            """), hash, at, Key(activatedBy), activatedBy.Name);
        return await command.ExecuteScalarAsync(cancellationToken) is long id
            ? new PolicyActivation(id, hash, DateTimeOffset.FromUnixTimeMilliseconds(at), activatedBy)
            : null;
    }

    public async Task<PolicyActivation?> ActiveAsync(CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(Activations + " ORDER BY id DESC LIMIT 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Activation(reader) : null;
    }

    public Task<IReadOnlyList<PolicyVersion>> ListAsync(int max, long? before, CancellationToken cancellationToken) =>
        ReadVersionsAsync("WHERE ($1::bigint IS NULL OR v.id < $1)", [before is null ? PostgresCommands.Null(NpgsqlDbType.Bigint) : before.Value], max, cancellationToken);

    private async Task<IReadOnlyList<PolicyVersion>> ReadVersionsAsync(string where, object?[] values, int max, CancellationToken cancellationToken)
    {
        var versions = new List<PolicyVersion>();
        await using (var command = database.DataSource.CreateCommand(
            $"SELECT v.id, v.hash, v.source, v.uploaded_at, v.actor_key, v.actor_name FROM policy_versions v {where} ORDER BY v.id DESC LIMIT {max}"))
        {
            PostgresCommands.Bind(command, values);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                versions.Add(new PolicyVersion(reader.GetInt64(0), reader.GetString(1), reader.GetString(2),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), Actor(reader, 4), []));
            }
        }

        if (versions.Count == 0)
            return versions;
        var activations = versions.ToDictionary(v => v.Hash, _ => new List<PolicyActivation>(), StringComparer.Ordinal);
        await using (var command = PostgresCommands.Bind(database.DataSource.CreateCommand(Activations + " WHERE hash = ANY($1) ORDER BY id"),
            [versions.Select(v => v.Hash).ToArray()]))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                activations[reader.GetString(1)].Add(Activation(reader));
        }

        return [.. versions.Select(v => v with { Activations = activations[v.Hash] })];
    }

    private static object Key(AuditActor actor) => (object?)actor.KeyId ?? PostgresCommands.Null(NpgsqlDbType.Text);

    private static PolicyActivation Activation(NpgsqlDataReader reader) =>
        new(reader.GetInt64(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), Actor(reader, 3));

    private static AuditActor Actor(NpgsqlDataReader reader, int keyColumn) =>
        new(reader.IsDBNull(keyColumn) ? null : reader.GetString(keyColumn), reader.GetString(keyColumn + 1));
}
