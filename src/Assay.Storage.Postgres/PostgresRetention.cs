using Npgsql;

namespace Assay.Storage.Postgres;

/// <summary>Retention on PostgreSQL: deletes old interactions and their dependants, one short transaction per batch.</summary>
/// <remarks>
/// A batch locks its interactions with <c>FOR UPDATE SKIP LOCKED</c>, so two nodes pruning at once take different rows
/// instead of waiting on each other. Time partitions (drop a partition instead of deleting rows) are not used yet: see STORAGE.md.
/// </remarks>
public sealed class PostgresRetention(PostgresDatabase database) : IRetentionStore
{
    /// <summary>Old enough, and (unless reviewed ones go too) without a human label.</summary>
    private const string Candidates = """
        SELECT seq FROM interactions i
        WHERE received_at < $1
          AND ($2 OR NOT EXISTS (SELECT 1 FROM review_tasks t JOIN labels l ON l.task_id = t.task_id WHERE t.interaction_seq = i.seq))
        """;

    private const string Tasks = "SELECT task_id FROM review_tasks WHERE interaction_seq = ANY($1)";

    public async Task<RetentionReport> PruneAsync(DateTimeOffset receivedBefore, bool includeReviewed, int batch, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        var before = receivedBefore.ToUnixTimeMilliseconds();
        var total = new RetentionReport(receivedBefore, 0, 0, 0, 0, 0, 0, 0, 0);
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        while (true)
        {
            var step = await DeleteBatchAsync(connection, receivedBefore, before, includeReviewed, batch, cancellationToken);
            total = total.Add(step);
            if (step.Interactions < batch)
                break;
        }

        if (includeReviewed)
            return total;
        await using var count = PostgresCommands.Create(connection, null,
            $"SELECT count(*) FROM ({Candidates.Replace("NOT EXISTS", "EXISTS", StringComparison.Ordinal)}) kept", before, false);
        return total with { KeptReviewed = (long)(await count.ExecuteScalarAsync(cancellationToken))! };
    }

    private static async Task<RetentionReport> DeleteBatchAsync(
        NpgsqlConnection connection, DateTimeOffset receivedBefore, long before, bool includeReviewed, int batch, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long[] seqs;
        await using (var select = PostgresCommands.Create(connection, transaction,
            $"{Candidates} ORDER BY received_at, seq LIMIT $3 FOR UPDATE SKIP LOCKED", before, includeReviewed, batch))
        {
            var found = new List<long>();
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                found.Add(reader.GetInt64(0));
            seqs = [.. found];
        }

        if (seqs.Length == 0)
            return new RetentionReport(receivedBefore, 0, 0, 0, 0, 0, 0, 0, 0);

        async Task<long> DeleteAsync(string sql)
        {
            await using var command = PostgresCommands.Create(connection, transaction, sql, seqs);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }

        // Dependants first, each referring table before the one it refers to.
        var labels = await DeleteAsync($"DELETE FROM labels WHERE task_id IN ({Tasks})");
        var adjudications = await DeleteAsync($"DELETE FROM adjudications WHERE task_id IN ({Tasks})");
        var tasks = await DeleteAsync("DELETE FROM review_tasks WHERE interaction_seq = ANY($1)");
        var routing = await DeleteAsync("DELETE FROM routing WHERE interaction_seq = ANY($1)");
        var selfAgreement = await DeleteAsync("DELETE FROM self_agreement WHERE interaction_seq = ANY($1)");
        var flags = await DeleteAsync("DELETE FROM flags WHERE interaction_seq = ANY($1)");
        await DeleteAsync("DELETE FROM interaction_search WHERE seq = ANY($1)");
        var interactions = await DeleteAsync("DELETE FROM interactions WHERE seq = ANY($1)");
        await transaction.CommitAsync(cancellationToken);
        return new RetentionReport(receivedBefore, interactions, flags, selfAgreement, routing, tasks, labels, adjudications, 0);
    }
}
