using Assay.Storage.Postgres;

namespace Assay.Storage.Tests.Postgres;

/// <summary>Two Assay nodes on one PostgreSQL database: idempotency is the database's, so the same id sent to both at once is stored once.</summary>
public sealed class PostgresNodesTests
{
    [Fact]
    public async Task AppendAsync_of_the_same_ids_on_two_nodes_at_once_accepts_each_once_and_reports_the_other_as_duplicate_or_conflict()
    {
        var connection = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        await using var first = new PostgresDatabase(connection);
        await using var second = new PostgresDatabase(connection);
        await first.MigrateAsync(CancellationToken.None);
        var nodeA = new PostgresInteractionStore(first, TimeProvider.System);
        var nodeB = new PostgresInteractionStore(second, TimeProvider.System);
        var same = Enumerable.Range(0, 200).Select(_ => Some.Parsed()).ToList();
        var changed = same.Take(50).Select(p => Some.Parsed(p.Interaction.Id, response: "Lyon.")).Concat(same.Skip(50)).ToList();

        var answers = await Task.WhenAll(
            Task.Run(() => nodeA.AppendAsync(same, CancellationToken.None)),
            Task.Run(() => nodeB.AppendAsync(changed, CancellationToken.None)));

        Assert.Equal(200, (await nodeA.CountAsync(CancellationToken.None)).Interactions);
        for (var i = 0; i < same.Count; i++)
        {
            var pair = new[] { answers[0][i], answers[1][i] };
            Assert.Equal(1, pair.Count(s => s == AppendStatus.Accepted));
            Assert.Contains(i < 50 ? AppendStatus.Conflict : AppendStatus.Duplicate, pair);
            var stored = await nodeB.GetAsync(same[i].Interaction.Id, CancellationToken.None);
            var winner = answers[0][i] == AppendStatus.Accepted ? same[i] : changed[i];
            Assert.Equal(winner.ContentHash, stored!.Stored.ContentHash);
        }
    }
}
