using Assay.Review;
using Assay.Routing;

namespace Assay.Storage.Sqlite;

/// <summary>The review store's backlog read: open tasks per tier and their ages.</summary>
public sealed partial class SqliteReviewStore
{
    public async Task<IReadOnlyList<TierBacklog>> BacklogAsync(string project, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        // The oldest task per tier is the one with the smallest (created_at, task_id): a correlated lookup on the same filter.
        using var command = SqliteCommands.Create(connection, null, """
            SELECT t.tier, count(*), min(t.created_at), min(i.occurred_at),
                (SELECT o.task_id FROM review_tasks o JOIN interactions oi ON oi.seq = o.interaction_seq
                 WHERE o.status = 'open' AND o.tier = t.tier AND ($project = '*' OR oi.project = $project)
                 ORDER BY o.created_at, o.task_id LIMIT 1)
            FROM review_tasks t JOIN interactions i ON i.seq = t.interaction_seq
            WHERE t.status = 'open' AND ($project = '*' OR i.project = $project)
            GROUP BY t.tier ORDER BY t.tier DESC
            """, ("$project", project));
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var tiers = new List<TierBacklog>();
        while (await reader.ReadAsync(cancellationToken))
        {
            tiers.Add(new TierBacklog((Tier)reader.GetInt32(0), reader.GetInt32(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), reader.GetInt64(4)));
        }

        return tiers;
    }
}
