using Npgsql;

namespace Assay.Storage.Postgres;

/// <summary>A role held by an advisory lock on <paramref name="connection"/>, a session of its own.</summary>
internal sealed class PostgresLeaderLease(NpgsqlConnection connection, string role, int key) : ILeaderLease
{
    public string Role => role;

    /// <summary>The session holding the lock, for tests that read its settings.</summary>
    internal NpgsqlConnection Connection => connection;

    /// <summary>True while the session lives and still holds the lock; a broken connection throws or answers false.</summary>
    public async Task<bool> RenewAsync(CancellationToken cancellationToken)
    {
        if (connection.FullState != System.Data.ConnectionState.Open)
            return false;
        await using var check = PostgresCommands.Create(connection, null, """
            SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted
                           AND classid = $1::int::oid AND objid = $2::int::oid AND objsubid = 2)
            """, PostgresLeadership.LockSpace, key);
        return (bool)(await check.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Unlocks, so the next contender need not wait for the server to notice the closed session, then closes it.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (connection.FullState == System.Data.ConnectionState.Open)
            {
                await using var unlock = PostgresCommands.Create(connection, null, "SELECT pg_advisory_unlock($1, $2)", PostgresLeadership.LockSpace, key);
                await unlock.ExecuteScalarAsync();
            }
        }
        catch (NpgsqlException)
        {
            // The connection broke: its session, and so the lock, is gone or going with it.
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }
}
