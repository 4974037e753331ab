using Assay.Review;
using Assay.Routing;
using Npgsql;
using NpgsqlTypes;

namespace Assay.Storage.Postgres;

/// <summary>The review store's read side for queue overviews, agreement and assurance metrics.</summary>
public sealed partial class PostgresReviewStore
{
    /// <summary>Review tasks of interactions in the window, scoped by project and policy prefix; parameters $1 project, $2 from, $3 to, $4 policy.</summary>
    private const string Tasks = """
        FROM review_tasks t JOIN interactions i ON i.seq = t.interaction_seq
        WHERE ($1 = '*' OR i.project = $1) AND t.occurred_at >= $2 AND t.occurred_at < $3
          AND ($4::text IS NULL OR left(t.policy, length($4)) = $4)
        """;

    public async Task<QueueOverview> OverviewAsync(string project, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        var byTier = new Dictionary<Tier, int>();
        var byAge = new Dictionary<string, int> { ["under 1 h"] = 0, ["1–24 h"] = 0, ["over 24 h"] = 0 };
        int adjudication = 0, done = 0;
        var hour = TimeSpan.FromHours(1).TotalMilliseconds;
        await using (var command = PostgresCommands.Create(connection, null, """
            SELECT t.tier, t.status, t.created_at FROM review_tasks t JOIN interactions i ON i.seq = t.interaction_seq
            WHERE ($1 = '*' OR i.project = $1)
            """, project))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                switch (reader.GetString(1))
                {
                    case "open":
                        var tier = (Tier)reader.GetInt32(0);
                        byTier[tier] = byTier.GetValueOrDefault(tier) + 1;
                        var age = now.ToUnixTimeMilliseconds() - reader.GetInt64(2);
                        byAge[age < hour ? "under 1 h" : age < 24 * hour ? "1–24 h" : "over 24 h"]++;
                        break;
                    case "adjudication": adjudication++; break;
                    default: done++; break;
                }
            }
        }

        var byCategory = new Dictionary<string, int>(StringComparer.Ordinal);
        await using (var command = PostgresCommands.Create(connection, null, """
            SELECT f.category, count(DISTINCT t.task_id)::integer FROM review_tasks t
            JOIN interactions i ON i.seq = t.interaction_seq
            JOIN flags f ON f.interaction_seq = t.interaction_seq AND f.policy = t.policy
            WHERE t.status = 'open' AND ($1 = '*' OR i.project = $1) GROUP BY f.category ORDER BY f.category
            """, project))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                byCategory[reader.GetString(0)] = reader.GetInt32(1);
        }

        return new QueueOverview(byTier, byCategory, byAge, adjudication, done);
    }

    public async Task<IReadOnlyList<ReviewedItem>> ReviewedItemsAsync(string project, DateTimeOffset from, DateTimeOffset to, string? policy, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        // The four reads see one snapshot, so labels and adjudications always belong to the tasks read.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        return await ItemsAsync(connection, transaction, Tasks, () => [project, from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds(), policy ?? (object)PostgresCommands.Null(NpgsqlDbType.Text)], cancellationToken);
    }

    public async Task<IReadOnlyList<ReviewedVerdict>> ReviewedVerdictsAsync(string project, DateTimeOffset from, DateTimeOffset to, string? policy, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var command = PostgresCommands.Create(connection, null, $"""
            SELECT i.id, v.rule, v.outcome
            {Tasks.Replace("WHERE", "JOIN judge_verdicts v ON v.interaction_seq = i.seq AND v.policy = i.processed_policy WHERE", StringComparison.Ordinal)}
            ORDER BY i.id COLLATE "C", v.rule COLLATE "C"
            """, project, from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds(), policy ?? (object)PostgresCommands.Null(NpgsqlDbType.Text));
        var list = new List<ReviewedVerdict>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            list.Add(new ReviewedVerdict(reader.GetString(0), reader.GetString(1), StoredRows.Outcome(reader.GetString(2))));
        return list;
    }

    public async Task<ReviewCensus> CensusAsync(string project, DateTimeOffset from, DateTimeOffset to, DateTimeOffset bucketStart, TimeSpan bucketWidth, int buckets, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bucketWidth, TimeSpan.FromMilliseconds(1));
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        // One snapshot: the items read second belong to the tasks counted first.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var start = bucketStart.ToUnixTimeMilliseconds();
        object?[] Window() => [project, Math.Max(from.ToUnixTimeMilliseconds(), start), to.ToUnixTimeMilliseconds(), start, (long)bucketWidth.TotalMilliseconds];
        // Tasks only, from their own time index: the interaction is looked up only to scope a project's key.
        const string InWindow = """
            t.occurred_at >= $2 AND t.occurred_at < $3
              AND ($1 = '*' OR EXISTS (SELECT 1 FROM interactions i WHERE i.seq = t.interaction_seq AND i.project = $1))
            """;
        var tasks = new int[buckets];
        await using (var command = PostgresCommands.Create(connection, transaction,
            $"SELECT (t.occurred_at - $4) / $5, count(*)::integer FROM review_tasks t WHERE {InWindow} GROUP BY 1", Window()))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.GetInt64(0) < buckets)
                    tasks[reader.GetInt64(0)] = reader.GetInt32(1);
            }
        }

        // Started: left the queue (decided, or waiting for a decision), or holding a current label.
        var started = new List<long>();
        await using (var command = PostgresCommands.Create(connection, transaction, $"""
            SELECT t.task_id FROM review_tasks t WHERE {InWindow} AND t.status <> 'open'
            UNION
            SELECT t.task_id FROM labels l JOIN review_tasks t ON t.task_id = l.task_id WHERE l.superseded_by IS NULL AND {InWindow}
            """, Window()[..3]))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                started.Add(reader.GetInt64(0));
        }

        const string Chosen = """
            FROM review_tasks t
            WHERE t.task_id = ANY($1)
            """;
        var ids = started.ToArray();
        return new ReviewCensus(tasks, await ItemsAsync(connection, transaction, Chosen, () => [ids], cancellationToken));
    }

    /// <summary>The reviewed items of the tasks <paramref name="tasks"/> selects (one <c>WHERE</c>; joins go before it), in task order.</summary>
    /// <param name="parameters">A fresh parameter list per command (Npgsql parameters belong to one command).</param>
    private static async Task<IReadOnlyList<ReviewedItem>> ItemsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string tasks, Func<object?[]> parameters, CancellationToken cancellationToken)
    {
        string Join(string join) => tasks.Replace("WHERE", join + " WHERE", StringComparison.Ordinal);
        var rules = new Dictionary<long, List<(string, string)>>();
        await using (var command = PostgresCommands.Create(connection, transaction, "SELECT t.task_id, f.rule, f.category " +
            Join("JOIN flags f ON f.interaction_seq = t.interaction_seq AND f.policy = t.policy"), parameters()))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                (rules.TryGetValue(reader.GetInt64(0), out var list) ? list : rules[reader.GetInt64(0)] = []).Add((reader.GetString(1), reader.GetString(2)));
        }

        var labels = new Dictionary<long, List<Label>>();
        await using (var command = PostgresCommands.Create(connection, transaction, "SELECT " + LabelColumns + " " +
            Join("JOIN labels l ON l.task_id = t.task_id AND l.superseded_by IS NULL"), parameters()))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                (labels.TryGetValue(reader.GetInt64(1), out var list) ? list : labels[reader.GetInt64(1)] = []).Add(StoredRows.Label(reader));
        }

        var verdicts = new Dictionary<long, Verdict>();
        await using (var command = PostgresCommands.Create(connection, transaction, "SELECT a.task_id, a.categories, a.severity, a.note " +
            Join("JOIN adjudications a ON a.task_id = t.task_id AND a.superseded_by IS NULL") + " ORDER BY a.adjudication_id", parameters()))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                verdicts[reader.GetInt64(0)] = StoredRows.Verdict(reader, 1);
        }

        var items = new List<ReviewedItem>();
        await using (var command = PostgresCommands.Create(connection, transaction, "SELECT t.task_id, source.id, t.occurred_at, t.tier, r.inclusion_probability, t.required_labels " +
            Join("JOIN routing r ON r.interaction_seq = t.interaction_seq JOIN interactions source ON source.seq = t.interaction_seq") + " ORDER BY t.task_id", parameters()))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var task = reader.GetInt64(0);
                items.Add(new ReviewedItem(reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), (Tier)reader.GetInt32(3),
                    reader.GetDouble(4), rules.GetValueOrDefault(task) ?? [], labels.GetValueOrDefault(task) ?? [], verdicts.GetValueOrDefault(task),
                    reader.GetInt32(5)));
            }
        }

        return items;
    }

    public async Task<PopulationCounts> PopulationAsync(string project, DateTimeOffset from, DateTimeOffset to, string? policy, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        object?[] Window() => [project, from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds(), policy ?? (object)PostgresCommands.Null(NpgsqlDbType.Text)];
        const string Where = "WHERE ($1 = '*' OR i.project = $1) AND i.occurred_at >= $2 AND i.occurred_at < $3"
            + " AND ($4::text IS NULL OR left(r.policy, length($4)) = $4)";
        var byTier = new Dictionary<Tier, long>();
        await using (var command = PostgresCommands.Create(connection, transaction, $"SELECT r.tier, count(*) FROM routing r JOIN interactions i ON i.seq = r.interaction_seq {Where} GROUP BY r.tier", Window()))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                byTier[(Tier)reader.GetInt32(0)] = reader.GetInt64(1);
        }

        var byRule = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var command = PostgresCommands.Create(connection, transaction, $"""
            SELECT f.rule, count(*) FROM flags f JOIN routing r ON r.interaction_seq = f.interaction_seq AND r.policy = f.policy
            JOIN interactions i ON i.seq = f.interaction_seq {Where} GROUP BY f.rule
            """, Window()))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                byRule[reader.GetString(0)] = reader.GetInt64(1);
        }

        return new PopulationCounts(byTier, byRule);
    }
}
