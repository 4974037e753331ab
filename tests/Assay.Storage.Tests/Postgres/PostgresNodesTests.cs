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

    [Fact]
    public async Task SubmitLabelAsync_of_the_last_two_labels_on_two_nodes_at_once_closes_the_task_once_with_both()
    {
        var connection = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        await using var first = new PostgresDatabase(connection);
        await using var second = new PostgresDatabase(connection);
        await first.MigrateAsync(CancellationToken.None);
        var interactions = new PostgresInteractionStore(first, TimeProvider.System);
        var nodeA = new PostgresReviewStore(first, TimeProvider.System);
        var nodeB = new PostgresReviewStore(second, TimeProvider.System);
        var tasks = new List<long>();
        for (var i = 0; i < 20; i++)
        {
            var item = Some.Parsed();
            await interactions.AppendAsync([item], CancellationToken.None);
            var sequence = (await interactions.GetAsync(item.Interaction.Id, CancellationToken.None))!.Stored.Sequence;
            var decision = new Routing.RoutingDecision(Routing.Tier.Flagged, 1, true, 1, "flagged", RequiredLabels: 2);
            await interactions.CompleteAsync([new ProcessingResult(sequence, "policy-a", [], [], decision)], CancellationToken.None);
            tasks.Add(Assert.Single((await nodeA.ListTasksAsync("*", null, item.Interaction.Id, 0, 10, CancellationToken.None)).Tasks).TaskId);
        }

        // Ana on node A and Ben on node B give the two labels each task asks for at the same moment; they disagree.
        var outcomes = await Task.WhenAll(tasks.Select(async task => await Task.WhenAll(
            Task.Run(() => nodeA.SubmitLabelAsync(task, "ana", Some.Verdict("hallucination"), 10, "*", CancellationToken.None)),
            Task.Run(() => nodeB.SubmitLabelAsync(task, "ben", Some.Verdict(), 10, "*", CancellationToken.None)))));

        foreach (var pair in outcomes)
        {
            Assert.Equal(1, pair.Count(o => o.Outcome == Review.LabelOutcome.Stored));
            Assert.Equal(1, pair.Count(o => o.Outcome == Review.LabelOutcome.Disagreed));
        }

        var waiting = await nodeB.ListTasksAsync("*", "adjudication", null, 0, 100, CancellationToken.None);
        Assert.Equal(tasks, waiting.Tasks.Select(t => t.TaskId));
        Assert.All(waiting.Tasks, t => Assert.Equal(2, t.LabelCount));
    }
}
