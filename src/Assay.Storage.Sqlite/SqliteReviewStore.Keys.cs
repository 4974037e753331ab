using Assay.Review;
using Microsoft.Data.Sqlite;

namespace Assay.Storage.Sqlite;

/// <summary>API keys of the review store: only a hash of each secret is kept.</summary>
public sealed partial class SqliteReviewStore
{
    private const string KeyColumns = "key_id, name, role, project, created_at, revoked_at, expires_at, last_used_at";

    public Task CreateKeyAsync(ApiKey key, string secretHash, CancellationToken cancellationToken) =>
        database.WriteAsync(connection =>
        {
            using var transaction = connection.BeginTransaction();
            SqliteCommands.Execute(connection, transaction, """
                INSERT INTO api_keys (key_id, secret_hash, name, role, project, created_at, expires_at)
                VALUES ($id, $hash, $name, $role, $project, $now, $expires)
                """,
                ("$id", key.KeyId), ("$hash", secretHash), ("$name", key.Name), ("$role", key.Role.ToString().ToLowerInvariant()),
                ("$project", key.Project), ("$now", key.CreatedAt.ToUnixTimeMilliseconds()),
                ("$expires", (object?)key.ExpiresAt?.ToUnixTimeMilliseconds() ?? DBNull.Value));
            transaction.Commit();
            return 0;
        }, cancellationToken);

    public async Task<(ApiKey Key, string SecretHash)?> FindKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {KeyColumns}, secret_hash FROM api_keys WHERE key_id = $id";
        command.Parameters.AddWithValue("$id", keyId);
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (StoredRows.Key(reader), reader.GetString(8)) : null;
    }

    public async Task<IReadOnlyList<ApiKey>> ListKeysAsync(string project, string? afterKeyId, int max, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        using var command = connection.CreateCommand();
        // Keys are revoked, never deleted, so the key a cursor names is always there to page after.
        command.CommandText = $"""
            SELECT {KeyColumns} FROM api_keys
            WHERE ($project = '*' OR project = $project)
              AND ($after IS NULL OR (created_at, key_id) > (SELECT created_at, key_id FROM api_keys WHERE key_id = $after))
            ORDER BY created_at, key_id LIMIT $max
            """;
        command.Parameters.AddWithValue("$project", project);
        command.Parameters.AddWithValue("$after", (object?)afterKeyId ?? DBNull.Value);
        command.Parameters.AddWithValue("$max", max);
        var keys = new List<ApiKey>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            keys.Add(StoredRows.Key(reader));
        return keys;
    }

    public Task<bool> RevokeKeyAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken) =>
        database.WriteAsync(connection =>
        {
            using var transaction = connection.BeginTransaction();
            using var command = SqliteCommands.Create(connection, transaction, "UPDATE api_keys SET revoked_at = $at WHERE key_id = $id AND revoked_at IS NULL",
                ("$at", at.ToUnixTimeMilliseconds()), ("$id", keyId));
            var changed = command.ExecuteNonQuery() == 1;
            transaction.Commit();
            return changed;
        }, cancellationToken);

    public Task TouchKeyAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken) =>
        database.WriteAsync(connection =>
        {
            using var transaction = connection.BeginTransaction();
            SqliteCommands.Execute(connection, transaction, """
                UPDATE api_keys SET last_used_at = $at
                WHERE key_id = $id AND (last_used_at IS NULL OR last_used_at <= $stale)
                """,
                ("$at", at.ToUnixTimeMilliseconds()), ("$id", keyId), ("$stale", (at - ApiKey.LastUsedResolution).ToUnixTimeMilliseconds()));
            transaction.Commit();
            return 0;
        }, cancellationToken);
}
