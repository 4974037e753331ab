using Assay.Review;
using Npgsql;
using NpgsqlTypes;

namespace Assay.Storage.Postgres;

/// <summary>API keys of the review store: only a hash of each secret is kept.</summary>
public sealed partial class PostgresReviewStore
{
    private const string KeyColumns = "key_id, name, role, project, created_at, revoked_at, expires_at, last_used_at";

    public async Task CreateKeyAsync(ApiKey key, string secretHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = PostgresCommands.Create(connection, null, """
            INSERT INTO api_keys (key_id, secret_hash, name, role, project, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
            """, key.KeyId, secretHash, key.Name, key.Role.ToString().ToLowerInvariant(), key.Project, key.CreatedAt.ToUnixTimeMilliseconds(),
            key.ExpiresAt is { } expires ? expires.ToUnixTimeMilliseconds() : PostgresCommands.Null(NpgsqlDbType.Bigint));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<(ApiKey Key, string SecretHash)?> FindKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = PostgresCommands.Create(connection, null, $"SELECT {KeyColumns}, secret_hash FROM api_keys WHERE key_id = $1", keyId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (StoredRows.Key(reader), reader.GetString(8)) : null;
    }

    public async Task<IReadOnlyList<ApiKey>> ListKeysAsync(string project, string? afterKeyId, int max, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        // Keys are revoked, never deleted, so the key a cursor names is always there to page after.
        await using var command = PostgresCommands.Create(connection, null, $"""
            SELECT {KeyColumns} FROM api_keys
            WHERE ($1 = '*' OR project = $1)
              AND ($2::text IS NULL OR (created_at, key_id) > (SELECT created_at, key_id FROM api_keys WHERE key_id = $2))
            ORDER BY created_at, key_id LIMIT $3
            """, project, afterKeyId ?? (object)PostgresCommands.Null(NpgsqlDbType.Text), max);
        var keys = new List<ApiKey>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            keys.Add(StoredRows.Key(reader));
        return keys;
    }

    public async Task<bool> RevokeKeyAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = PostgresCommands.Create(connection, null,
            "UPDATE api_keys SET revoked_at = $1 WHERE key_id = $2 AND revoked_at IS NULL", at.ToUnixTimeMilliseconds(), keyId);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task TouchKeyAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = PostgresCommands.Create(connection, null,
            "UPDATE api_keys SET last_used_at = $1 WHERE key_id = $2 AND (last_used_at IS NULL OR last_used_at <= $3)",
            at.ToUnixTimeMilliseconds(), keyId, (at - ApiKey.LastUsedResolution).ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
