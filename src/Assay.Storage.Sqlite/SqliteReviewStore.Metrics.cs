using Assay.Review;
using Assay.Routing;
using Microsoft.Data.Sqlite;

namespace Assay.Storage.Sqlite;

/// <summary>The review store's read side for queue overviews, agreement and assurance metrics.</summary>
public sealed partial class SqliteReviewStore
{
    public async Task<QueueOverview> OverviewAsync(string project, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        var byTier = new Dictionary<Tier, int>();
        var byAge = new Dictionary<string, int> { ["under 1 h"] = 0, ["1–24 h"] = 0, ["over 24 h"] = 0 };
        int adjudication = 0, done = 0;
        var hour = TimeSpan.FromHours(1).TotalMilliseconds;
        using (var command = SqliteCommands.Create(connection, null, """
            SELECT t.tier, t.status, t.created_at FROM review_tasks t JOIN interactions i ON i.seq = t.interaction_seq
            WHERE ($project = '*' OR i.project = $project)
            """, ("$project", project)))
        using (var reader = await command.ExecuteReaderAsync(cancellationToken))
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
        using (var command = SqliteCommands.Create(connection, null, """
            SELECT f.category, count(DISTINCT t.task_id) FROM review_tasks t
            JOIN interactions i ON i.seq = t.interaction_seq
            JOIN flags f ON f.interaction_seq = t.interaction_seq AND f.policy = t.policy
            WHERE t.status = 'open' AND ($project = '*' OR i.project = $project) GROUP BY f.category ORDER BY f.category
            """, ("$project", project)))
        using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                byCategory[reader.GetString(0)] = reader.GetInt32(1);
        }

        return new QueueOverview(byTier, byCategory, byAge, adjudication, done);
    }

    public async Task<IReadOnlyList<ReviewedItem>> ReviewedItemsAsync(string project, DateTimeOffset from, DateTimeOffset to, string? policy, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        var window = new (string, object)[] { ("$project", project), ("$from", from.ToUnixTimeMilliseconds()), ("$to", to.ToUnixTimeMilliseconds()), ("$policy", (object?)policy ?? DBNull.Value) };
        return await ItemsAsync(connection, WindowTasks, window, cancellationToken);
    }

    public async Task<IReadOnlyList<ReviewedVerdict>> ReviewedVerdictsAsync(string project, DateTimeOffset from, DateTimeOffset to, string? policy, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        var window = new (string, object)[] { ("$project", project), ("$from", from.ToUnixTimeMilliseconds()), ("$to", to.ToUnixTimeMilliseconds()), ("$policy", (object?)policy ?? DBNull.Value) };
        using var command = SqliteCommands.Create(connection, null, $"""
            SELECT i.id, v.rule, v.outcome
            {WindowTasks.Replace("WHERE", "JOIN judge_verdicts v ON v.interaction_seq = i.seq AND v.policy = i.processed_policy WHERE", StringComparison.Ordinal)}
            ORDER BY i.id, v.rule
            """, window);
        var list = new List<ReviewedVerdict>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            list.Add(new ReviewedVerdict(reader.GetString(0), reader.GetString(1), StoredRows.Outcome(reader.GetString(2))));
        return list;
    }

    public async Task<ReviewCensus> CensusAsync(string project, DateTimeOffset from, DateTimeOffset to, DateTimeOffset bucketStart, TimeSpan bucketWidth, int buckets, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bucketWidth, TimeSpan.FromMilliseconds(1));
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        // One read transaction: the items read second belong to the tasks counted first.
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var start = bucketStart.ToUnixTimeMilliseconds();
        var window = new (string, object)[]
        {
            ("$project", project), ("$from", Math.Max(from.ToUnixTimeMilliseconds(), start)), ("$to", to.ToUnixTimeMilliseconds()),
            ("$start", start), ("$width", (long)bucketWidth.TotalMilliseconds),
        };
        // Tasks only, from their own time index: the interaction is looked up only to scope a project's key.
        const string InWindow = """
            t.occurred_at >= $from AND t.occurred_at < $to
              AND ($project = '*' OR EXISTS (SELECT 1 FROM interactions i WHERE i.seq = t.interaction_seq AND i.project = $project))
            """;
        var tasks = new int[buckets];
        using (var command = SqliteCommands.Create(connection, transaction,
            $"SELECT (t.occurred_at - $start) / $width AS bucket, count(*) FROM review_tasks t WHERE {InWindow} GROUP BY bucket", window))
        using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.GetInt64(0) < buckets)
                    tasks[reader.GetInt32(0)] = reader.GetInt32(1);
            }
        }

        // Started: left the queue (decided, or waiting for a decision), or holding a current label.
        var started = new List<long>();
        using (var command = SqliteCommands.Create(connection, transaction, $"""
            SELECT t.task_id FROM review_tasks t WHERE {InWindow} AND t.status <> 'open'
            UNION
            SELECT t.task_id FROM labels l JOIN review_tasks t ON t.task_id = l.task_id WHERE l.superseded_by IS NULL AND {InWindow}
            """, window))
        using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                started.Add(reader.GetInt64(0));
        }

        var chosen = new (string, object)[] { ("$ids", "[" + string.Join(",", started.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]") };
        return new ReviewCensus(tasks, await ItemsAsync(connection, ChosenTasks, chosen, cancellationToken, transaction));
    }

    /// <summary>Review tasks of interactions in the window, scoped by project and policy prefix.</summary>
    private const string WindowTasks = """
        FROM review_tasks t JOIN interactions i ON i.seq = t.interaction_seq
        WHERE ($project = '*' OR i.project = $project) AND t.occurred_at >= $from AND t.occurred_at < $to
          AND ($policy IS NULL OR substr(t.policy, 1, length($policy)) = $policy)
        """;

    /// <summary>The review tasks whose ids are in the JSON array <c>$ids</c>.</summary>
    private const string ChosenTasks = """
        FROM review_tasks t
        WHERE t.task_id IN (SELECT value FROM json_each($ids))
        """;

    /// <summary>The reviewed items of the tasks <paramref name="tasks"/> selects (one <c>WHERE</c>, joins go before it), in task order.</summary>
    /// <remarks>
    /// Only the last read visits the interactions (for their ids): their rows carry the bodies, so each visit costs.
    /// Labels are read through the current-label index by task, which the planner does not pick by itself.
    /// </remarks>
    private static async Task<IReadOnlyList<ReviewedItem>> ItemsAsync(
        SqliteConnection connection, string tasks, (string, object)[] parameters, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        string Join(string join) => tasks.Replace("WHERE", join + " WHERE", StringComparison.Ordinal);
        var rules = new Dictionary<long, List<(string, string)>>();
        using (var command = SqliteCommands.Create(connection, transaction, "SELECT t.task_id, f.rule, f.category " + Join("JOIN flags f ON f.interaction_seq = t.interaction_seq AND f.policy = t.policy"), parameters))
        using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                (rules.TryGetValue(reader.GetInt64(0), out var list) ? list : rules[reader.GetInt64(0)] = []).Add((reader.GetString(1), reader.GetString(2)));
        }

        var labels = new Dictionary<long, List<Label>>();
        using (var command = SqliteCommands.Create(connection, transaction, "SELECT " + LabelColumns + " " +
            Join("JOIN labels l INDEXED BY ux_labels_current ON l.task_id = t.task_id AND l.superseded_by IS NULL"), parameters))
        using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                (labels.TryGetValue(reader.GetInt64(1), out var list) ? list : labels[reader.GetInt64(1)] = []).Add(StoredRows.Label(reader));
        }

        var verdicts = new Dictionary<long, Verdict>();
        using (var command = SqliteCommands.Create(connection, transaction, "SELECT a.task_id, a.categories, a.severity, a.note " +
            Join("JOIN adjudications a ON a.task_id = t.task_id AND a.superseded_by IS NULL") + " ORDER BY a.adjudication_id", parameters))
        using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                verdicts[reader.GetInt64(0)] = StoredRows.Verdict(reader, 1);
        }

        var items = new List<ReviewedItem>();
        using (var command = SqliteCommands.Create(connection, transaction, "SELECT t.task_id, source.id, t.occurred_at, t.tier, r.inclusion_probability, t.required_labels " +
            Join("JOIN routing r ON r.interaction_seq = t.interaction_seq JOIN interactions source ON source.seq = t.interaction_seq") + " ORDER BY t.task_id", parameters))
        using (var reader = await command.ExecuteReaderAsync(cancellationToken))
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
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        var window = new (string, object)[] { ("$project", project), ("$from", from.ToUnixTimeMilliseconds()), ("$to", to.ToUnixTimeMilliseconds()), ("$policy", (object?)policy ?? DBNull.Value) };
        const string Where = "WHERE ($project = '*' OR i.project = $project) AND i.occurred_at >= $from AND i.occurred_at < $to"
            + " AND ($policy IS NULL OR substr(r.policy, 1, length($policy)) = $policy)";
        var byTier = new Dictionary<Tier, long>();
        using (var command = SqliteCommands.Create(connection, null, $"SELECT r.tier, count(*) FROM routing r JOIN interactions i ON i.seq = r.interaction_seq {Where} GROUP BY r.tier", window))
        using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                byTier[(Tier)reader.GetInt32(0)] = reader.GetInt64(1);
        }

        var byRule = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var command = SqliteCommands.Create(connection, null, $"""
            SELECT f.rule, count(*) FROM flags f JOIN routing r ON r.interaction_seq = f.interaction_seq AND r.policy = f.policy
            JOIN interactions i ON i.seq = f.interaction_seq {Where} GROUP BY f.rule
            """, window))
        using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                byRule[reader.GetString(0)] = reader.GetInt64(1);
        }

        return new PopulationCounts(byTier, byRule);
    }
}
