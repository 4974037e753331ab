using Microsoft.Data.Sqlite;

namespace Assay.Storage.Sqlite;

/// <summary>Retention on SQLite: deletes old interactions and their dependants, one short write transaction per batch.</summary>
/// <remarks>Each batch takes the shared write lock on its own, so ingest and the pipeline commit between batches.</remarks>
public sealed class SqliteRetention(SqliteDatabase database) : IRetentionStore
{
    /// <summary>Old enough, and (unless reviewed ones go too) without a human label.</summary>
    private const string Candidates = """
        SELECT seq FROM interactions i
        WHERE received_at < $before
          AND ($all OR NOT EXISTS (SELECT 1 FROM review_tasks t JOIN labels l ON l.task_id = t.task_id WHERE t.interaction_seq = i.seq))
        """;

    private const string Batch = "SELECT value FROM json_each($seqs)";

    private const string Tasks = $"SELECT task_id FROM review_tasks WHERE interaction_seq IN ({Batch})";

    public async Task<RetentionReport> PruneAsync(DateTimeOffset receivedBefore, bool includeReviewed, int batch, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        var before = receivedBefore.ToUnixTimeMilliseconds();
        var total = new RetentionReport(receivedBefore, 0, 0, 0, 0, 0, 0, 0, 0);
        while (true)
        {
            var step = await database.WriteAsync(connection => DeleteBatch(connection, receivedBefore, before, includeReviewed, batch), cancellationToken);
            total = total.Add(step);
            if (step.Interactions < batch)
                break;
        }

        if (includeReviewed)
            return total;
        await using var reader = await database.OpenReaderAsync(cancellationToken);
        using var count = SqliteCommands.Create(reader, null, $"SELECT count(*) FROM ({Candidates.Replace("NOT EXISTS", "EXISTS", StringComparison.Ordinal)})",
            ("$before", before), ("$all", false));
        var kept = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        return total with { KeptReviewed = kept };
    }

    private static RetentionReport DeleteBatch(SqliteConnection connection, DateTimeOffset receivedBefore, long before, bool includeReviewed, int batch)
    {
        using var transaction = connection.BeginTransaction();
        var seqs = new List<long>();
        using (var select = SqliteCommands.Create(connection, transaction, $"{Candidates} ORDER BY received_at, seq LIMIT $batch",
            ("$before", before), ("$all", includeReviewed), ("$batch", batch)))
        using (var reader = select.ExecuteReader())
        {
            while (reader.Read())
                seqs.Add(reader.GetInt64(0));
        }

        if (seqs.Count == 0)
            return new RetentionReport(receivedBefore, 0, 0, 0, 0, 0, 0, 0, 0);
        var json = $"[{string.Join(',', seqs)}]";
        long Delete(string sql)
        {
            using var command = SqliteCommands.Create(connection, transaction, sql, ("$seqs", json));
            return command.ExecuteNonQuery();
        }

        // Dependants first, each referring table before the one it refers to.
        var labels = Delete($"DELETE FROM labels WHERE task_id IN ({Tasks})");
        var adjudications = Delete($"DELETE FROM adjudications WHERE task_id IN ({Tasks})");
        var tasks = Delete($"DELETE FROM review_tasks WHERE interaction_seq IN ({Batch})");
        var routing = Delete($"DELETE FROM routing WHERE interaction_seq IN ({Batch})");
        var selfAgreement = Delete($"DELETE FROM self_agreement WHERE interaction_seq IN ({Batch})");
        var flags = Delete($"DELETE FROM flags WHERE interaction_seq IN ({Batch})");
        Delete($"DELETE FROM interaction_text WHERE rowid IN ({Batch})");
        Delete($"DELETE FROM interaction_facets WHERE seq IN ({Batch})");
        var interactions = Delete($"DELETE FROM interactions WHERE seq IN ({Batch})");
        transaction.Commit();
        return new RetentionReport(receivedBefore, interactions, flags, selfAgreement, routing, tasks, labels, adjudications, 0);
    }
}
