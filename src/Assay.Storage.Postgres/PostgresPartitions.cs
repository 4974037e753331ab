using Npgsql;

namespace Assay.Storage.Postgres;

/// <summary>The day partitions of <c>interactions</c>: made ahead of time, listed, and dropped by retention.</summary>
/// <remarks>
/// A partition holds one UTC day of <c>received_at</c> (<c>interactions_pYYYYMMDD</c>); rows of a day that has none land in
/// <c>interactions_default</c>. Making and dropping a partition changes the parent's partition list, which takes an
/// <c>ACCESS EXCLUSIVE</c> lock on <c>interactions</c> for an instant: both wait at most <see cref="LockTimeout"/> behind
/// long readers (so ingest never queues behind them for long), and give up until the next run instead.
/// </remarks>
internal static class PostgresPartitions
{
    /// <summary>The advisory lock that serialises making and dropping partitions across nodes ("assay" + 1).</summary>
    public const long PartitionLock = 0x6173736179 + 1;

    /// <summary>Days made ahead of today, so that a node whose maintenance stalls still finds its day's partition.</summary>
    public const int DaysAhead = 2;

    public const long DayMilliseconds = 86_400_000;

    /// <summary>How long a partition change waits for the table's lock before giving up until the next run.</summary>
    public const string LockTimeout = "5s";

    public static long DayOf(long unixMilliseconds) => (long)Math.Floor(unixMilliseconds / (double)DayMilliseconds);

    /// <summary>Makes the partitions of <paramref name="now"/>'s day and the <see cref="DaysAhead"/> after it; false when the lock was not had in time.</summary>
    public static async Task<bool> EnsureAsync(NpgsqlDataSource dataSource, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var today = DayOf(now.ToUnixTimeMilliseconds());
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await using (var limit = PostgresCommands.Create(connection, transaction, $"SET LOCAL lock_timeout = '{LockTimeout}'"))
                await limit.ExecuteNonQueryAsync(cancellationToken);
            await using (var lockCommand = PostgresCommands.Create(connection, transaction, $"SELECT pg_advisory_xact_lock({PartitionLock})"))
                await lockCommand.ExecuteNonQueryAsync(cancellationToken);
            await using (var make = PostgresCommands.Create(connection, transaction,
                "SELECT count(*) FILTER (WHERE assay_interactions_partition(day)) FROM generate_series($1::bigint, $2::bigint) day", today, today + DaysAhead))
                await make.ExecuteScalarAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            return false;
        }
    }

    /// <summary>The day partitions (not the default one), oldest first, with their bounds in Unix milliseconds.</summary>
    public static async Task<IReadOnlyList<DayPartition>> ListAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = PostgresCommands.Create(connection, transaction, """
            SELECT c.relname, b[1]::bigint, b[2]::bigint
            FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid,
                 regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \(''?(-?\d+)''?\) TO \(''?(-?\d+)''?\)') b
            WHERE h.inhparent = 'interactions'::regclass AND b IS NOT NULL
            ORDER BY 2
            """);
        var list = new List<DayPartition>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            list.Add(new DayPartition(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
        return list;
    }

    /// <summary>One partition of <c>interactions</c>: rows with <c>Low &lt;= received_at &lt; High</c>.</summary>
    public sealed record DayPartition(string Name, long Low, long High);
}
