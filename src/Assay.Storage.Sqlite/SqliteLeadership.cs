namespace Assay.Storage.Sqlite;

/// <summary>Leader election on one SQLite file: a lease row per role, which its holder renews before it expires.</summary>
/// <remarks>
/// A file is typically served by one process, which then always leads; the lease makes sure that two processes on one
/// file (or two servers in one test) never both lead. A holder that dies leaves its row behind, and another process
/// takes the role once the row's <c>expires_at</c> has passed: at most <paramref name="term"/> after the holder's last
/// renewal. Every statement is one atomic write, so contenders in other processes are serialised by SQLite's lock.
/// </remarks>
public sealed class SqliteLeadership(SqliteDatabase database, TimeProvider clock, TimeSpan term) : ILeadership
{
    public async Task<ILeaderLease?> TryAcquireAsync(string role, string owner, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(role);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        // Take the row when it is free, expired, or already this owner's; otherwise the upsert changes nothing.
        var taken = await WriteAsync("""
            INSERT INTO leases (role, owner, expires_at) VALUES ($role, $owner, $expires)
            ON CONFLICT (role) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
            WHERE leases.owner = excluded.owner OR leases.expires_at <= $now
            """, role, owner, cancellationToken);
        return taken == 1 ? new SqliteLeaderLease(this, role, owner) : null;
    }

    /// <summary>Extends the lease when <paramref name="owner"/> still holds it; false when another process took it after it expired.</summary>
    internal async Task<bool> RenewAsync(string role, string owner, CancellationToken cancellationToken) =>
        await WriteAsync("UPDATE leases SET expires_at = $expires WHERE role = $role AND owner = $owner", role, owner, cancellationToken) == 1;

    /// <summary>Deletes the lease when <paramref name="owner"/> still holds it, so the next contender need not wait for it to expire.</summary>
    internal Task ReleaseAsync(string role, string owner) =>
        WriteAsync("DELETE FROM leases WHERE role = $role AND owner = $owner", role, owner, CancellationToken.None);

    private Task<int> WriteAsync(string sql, string role, string owner, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return database.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$role", role);
            command.Parameters.AddWithValue("$owner", owner);
            command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$expires", (now + term).ToUnixTimeMilliseconds());
            return command.ExecuteNonQuery();
        }, cancellationToken);
    }
}
