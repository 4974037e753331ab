using System.Text;
using Npgsql;

namespace Assay.Storage.Postgres;

/// <summary>Leader election on PostgreSQL: a session-level advisory lock per role, held on a connection of its own.</summary>
/// <remarks>
/// The lock lives exactly as long as its session. A holder that dies (SIGKILL, crash) has its socket closed by its
/// kernel and the server frees the lock at once. A holder whose host or network dies sends nothing more: the session
/// asks the server for TCP keepalives (<see cref="KeepaliveIdleSeconds"/>, then <see cref="KeepaliveCount"/> probes
/// <see cref="KeepaliveIntervalSeconds"/> apart), so the server drops it, and frees the lock, within
/// <see cref="DeadPeerSeconds"/>. The holder's own side notices a broken connection on its next renewal (a query with a
/// <see cref="CheckSeconds"/> timeout) and on Npgsql's keepalive pings. Connections are not pooled: closing one ends its
/// session. Thread-safe.
/// </remarks>
public sealed class PostgresLeadership : ILeadership, IAsyncDisposable
{
    /// <summary>The first key of every leadership lock ("assy" in ASCII); the second is the role's. Migrations use the one-key form, so the two never meet.</summary>
    internal const int LockSpace = 0x61737379;

    /// <summary>Seconds of silence before the server probes a leader's connection.</summary>
    public const int KeepaliveIdleSeconds = 10;

    /// <summary>Seconds between the server's probes.</summary>
    public const int KeepaliveIntervalSeconds = 5;

    /// <summary>Unanswered probes after which the server drops the connection.</summary>
    public const int KeepaliveCount = 3;

    /// <summary>How long a leader's renewal query may take, and how often Npgsql pings the idle connection.</summary>
    public const int CheckSeconds = 5;

    /// <summary>The longest the server keeps the lock of a leader whose host or network died: idle, then every probe unanswered.</summary>
    public const int DeadPeerSeconds = KeepaliveIdleSeconds + KeepaliveIntervalSeconds * KeepaliveCount;

    private readonly NpgsqlDataSource _source;

    /// <param name="connection">The <c>--db</c> value: a <c>postgresql://</c> URI or a keyword connection string.</param>
    public PostgresLeadership(string connection)
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresConnection.Parse(connection))
        {
            Pooling = false,
            KeepAlive = CheckSeconds,
            CommandTimeout = CheckSeconds,
            Timeout = CheckSeconds,
        };
        _source = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    public async Task<ILeaderLease?> TryAcquireAsync(string role, string owner, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(role);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        var connection = await _source.OpenConnectionAsync(cancellationToken);
        try
        {
            var key = RoleKey(role);
            await using (var take = PostgresCommands.Create(connection, null, "SELECT pg_try_advisory_lock($1, $2)", LockSpace, key))
            {
                if (!(bool)(await take.ExecuteScalarAsync(cancellationToken))!)
                {
                    await connection.DisposeAsync();
                    return null;
                }
            }

            // Session settings, so no server configuration is needed; application_name shows the leader in pg_stat_activity.
            await using (var settings = PostgresCommands.Create(connection, null, $"""
                SELECT set_config('tcp_keepalives_idle', '{KeepaliveIdleSeconds}', false), set_config('tcp_keepalives_interval', '{KeepaliveIntervalSeconds}', false),
                       set_config('tcp_keepalives_count', '{KeepaliveCount}', false), set_config('tcp_user_timeout', '{DeadPeerSeconds * 1000}', false),
                       set_config('application_name', left($1, 63), false)
                """, $"assay {role} leader {owner}"))
                await settings.ExecuteNonQueryAsync(cancellationToken);
            return new PostgresLeaderLease(connection, role, key);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();

    /// <summary>The second lock key of <paramref name="role"/>: a stable, non-negative 32-bit FNV-1a hash of its UTF-8 bytes.</summary>
    internal static int RoleKey(string role)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(role))
            hash = (hash ^ b) * 16777619u;
        return (int)(hash & 0x7FFFFFFF);
    }
}
