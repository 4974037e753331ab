using Npgsql;

namespace Assay.Storage.Postgres;

/// <summary>Retention on PostgreSQL: old days are dropped as whole partitions; only their dependants are deleted row by row.</summary>
/// <remarks>
/// <para>A run has two phases. First, in short transactions of at most <c>batch</c> interactions, it deletes the dependants
/// (flags, scores, routing, tasks, labels, adjudications) and the <c>interaction_ids</c> row of every old interaction it
/// does not keep, and the interaction itself only when it sits in the default partition. Each batch locks its id rows
/// with <c>FOR UPDATE SKIP LOCKED</c>, so two nodes pruning at once take different rows. Then it drops each day partition
/// wholly past the boundary, after moving the interactions kept (reviewed ones) into the default partition, where they
/// stay with their dependants untouched.</para>
/// <para>Age is rounded down to the day: a day's partition goes when its whole day is older than the boundary, so an
/// interaction may stay up to a day longer than asked. Deleting the rows of the day the boundary falls in would leave
/// nothing for the drop to save. Rows of the default partition (kept ones, arrivals of a day that had no partition) are
/// deleted at the exact boundary.</para>
/// </remarks>
public sealed class PostgresRetention(PostgresDatabase database, TimeProvider? clock = null, Action<string>? log = null) : IRetentionStore
{
    /// <summary>An interaction has a human label: kept unless reviewed ones go too.</summary>
    private const string Labelled = "EXISTS (SELECT 1 FROM review_tasks t JOIN labels l ON l.task_id = t.task_id WHERE t.interaction_seq = d.seq)";

    private const string Tasks = "SELECT task_id FROM review_tasks WHERE interaction_seq = ANY($1)";

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public async Task<RetentionReport> PruneAsync(DateTimeOffset receivedBefore, bool includeReviewed, int batch, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        var before = receivedBefore.ToUnixTimeMilliseconds();
        var total = new RetentionReport(receivedBefore, 0, 0, 0, 0, 0, 0, 0, 0);
        // Retention runs for days on end on one node; it keeps the coming days partitioned too.
        await PostgresPartitions.EnsureAsync(database.DataSource, _clock.GetUtcNow(), cancellationToken);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        var partitions = await PostgresPartitions.ListAsync(connection, null, cancellationToken);
        // The day the boundary falls in waits until the whole of it is past.
        var boundary = partitions.FirstOrDefault(p => p.Low < before && before < p.High)?.Low ?? before;
        var perPartition = new Dictionary<string, long>(StringComparer.Ordinal);
        while (true)
        {
            var (step, received) = await DeleteBatchAsync(connection, receivedBefore, boundary, includeReviewed, batch, cancellationToken);
            total = total.Add(step);
            foreach (var at in received)
            {
                if (partitions.FirstOrDefault(p => p.Low <= at && at < p.High) is { } partition)
                    perPartition[partition.Name] = perPartition.GetValueOrDefault(partition.Name) + 1;
            }

            if (step.Interactions < batch)
                break;
        }

        foreach (var partition in partitions.Where(p => p.High <= boundary))
            await DropAsync(connection, partition, perPartition.GetValueOrDefault(partition.Name), cancellationToken);

        if (includeReviewed)
            return total;
        await using var count = PostgresCommands.Create(connection, null,
            $"SELECT count(*) FROM interaction_ids d WHERE d.received_at < $1 AND {Labelled}", before);
        return total with { KeptReviewed = (long)(await count.ExecuteScalarAsync(cancellationToken))! };
    }

    /// <summary>Deletes one batch of old interactions' dependants and ids (and their rows in the default partition); returns the counts and the rows' arrival times.</summary>
    private static async Task<(RetentionReport Report, long[] Received)> DeleteBatchAsync(
        NpgsqlConnection connection, DateTimeOffset receivedBefore, long boundary, bool includeReviewed, int batch, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var seqs = new List<long>();
        var received = new List<long>();
        await using (var select = PostgresCommands.Create(connection, transaction, $"""
            SELECT d.seq, d.received_at FROM interaction_ids d
            WHERE d.received_at < $1 AND ($2 OR NOT {Labelled})
            ORDER BY d.received_at, d.seq LIMIT $3
            FOR UPDATE SKIP LOCKED
            """, boundary, includeReviewed, batch))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                seqs.Add(reader.GetInt64(0));
                received.Add(reader.GetInt64(1));
            }
        }

        if (seqs.Count == 0)
            return (new RetentionReport(receivedBefore, 0, 0, 0, 0, 0, 0, 0, 0), []);

        async Task<long> DeleteAsync(string sql)
        {
            await using var command = PostgresCommands.Create(connection, transaction, sql, seqs.ToArray());
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }

        // Dependants first, each referring table before the one it refers to; interaction_ids last but one.
        var labels = await DeleteAsync($"DELETE FROM labels WHERE task_id IN ({Tasks})");
        var adjudications = await DeleteAsync($"DELETE FROM adjudications WHERE task_id IN ({Tasks})");
        var tasks = await DeleteAsync("DELETE FROM review_tasks WHERE interaction_seq = ANY($1)");
        var routing = await DeleteAsync("DELETE FROM routing WHERE interaction_seq = ANY($1)");
        var selfAgreement = await DeleteAsync("DELETE FROM self_agreement WHERE interaction_seq = ANY($1)");
        await DeleteAsync("DELETE FROM judge_verdicts WHERE interaction_seq = ANY($1)");
        var flags = await DeleteAsync("DELETE FROM flags WHERE interaction_seq = ANY($1)");
        // The search row goes with the id (its foreign key refers to interaction_ids), also for a row of a day partition
        // that the drop below removes: dropping a partition touches no other table.
        await DeleteAsync("DELETE FROM interaction_search WHERE seq = ANY($1)");
        var interactions = await DeleteAsync("DELETE FROM interaction_ids WHERE seq = ANY($1)");
        // A row in a day partition stays until the partition is dropped (moments later, in this run); one in the default
        // partition is deleted here.
        await DeleteAsync("DELETE FROM interactions_default WHERE seq = ANY($1)");
        await transaction.CommitAsync(cancellationToken);
        return (new RetentionReport(receivedBefore, interactions, flags, selfAgreement, routing, tasks, labels, adjudications, 0), [.. received]);
    }

    /// <summary>Drops a day partition whose ids are all deleted or kept, moving the kept interactions into the default partition first.</summary>
    /// <remarks>
    /// The parent is locked first, as dropping a partition must: locking the partition first could deadlock with a reader
    /// that holds the parent and waits for the partition. A lock not had within the timeout, or another node dropping,
    /// leaves the partition to the next run, which finds its rows' ids already gone and drops it then.
    /// </remarks>
    private async Task DropAsync(NpgsqlConnection connection, PostgresPartitions.DayPartition partition, long deleted, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        async Task<object?> ScalarAsync(string sql, params object?[] values)
        {
            await using var command = PostgresCommands.Create(connection, transaction, sql, values);
            return await command.ExecuteScalarAsync(cancellationToken);
        }

        var name = PostgresCommands.Identifier(partition.Name);
        long kept;
        try
        {
            await ScalarAsync($"SET LOCAL lock_timeout = '{PostgresPartitions.LockTimeout}'");
            if (!(bool)(await ScalarAsync($"SELECT pg_try_advisory_xact_lock({PostgresPartitions.PartitionLock})"))!)
                return;
            await ScalarAsync("LOCK TABLE interactions IN ACCESS EXCLUSIVE MODE");
            if (await ScalarAsync("SELECT to_regclass($1)::text", partition.Name) is not string)
                return;
            // The ids still there are the interactions kept; FOR UPDATE waits for another node's batch that is deleting some.
            var keep = new List<long>();
            await using (var select = PostgresCommands.Create(connection, transaction,
                "SELECT seq FROM interaction_ids WHERE received_at >= $1 AND received_at < $2 FOR UPDATE", partition.Low, partition.High))
            await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                    keep.Add(reader.GetInt64(0));
            }

            await ScalarAsync($"CREATE TEMP TABLE assay_kept ON COMMIT DROP AS SELECT * FROM {name} WHERE seq = ANY($1)", keep.ToArray());
            await ScalarAsync($"DROP TABLE {name}");
            // The day has no partition now, so its kept rows land in the default one, with their sequence numbers.
            await using (var move = PostgresCommands.Create(connection, transaction, "INSERT INTO interactions SELECT * FROM assay_kept"))
                kept = await move.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            log?.Invoke($"could not drop partition {partition.Name} within {PostgresPartitions.LockTimeout} (readers held the table); the next run will");
            return;
        }

        log?.Invoke($"dropped partition {partition.Name} (received {Day(partition.Low)} to {Day(partition.High)}): {deleted} interactions deleted by this run, " +
            $"{kept} kept moved to interactions_default");
    }

    private static string Day(long unixMilliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
}
