using System.Text.Json;
using Assay.Review;

namespace Assay.Server.Tests.Review;

/// <summary><c>GET /v1/review/queue</c> tells reviewers what the queue page shows: per tier, how many tasks wait and how long the oldest has.</summary>
public sealed class QueueBacklogTests(ReviewAssayServer server) : IClassFixture<ReviewAssayServer>
{
    [Fact]
    public async Task GetQueue_has_per_tier_backlog_with_count_oldest_task_and_its_ages()
    {
        var project = ReviewAssayServer.Project();
        var tasks = await server.TasksAsync(project, 3);
        using var reviewer = server.Client(await server.KeyAsync(Role.Reviewer, project));
        using var other = server.Client(await server.KeyAsync(Role.Reviewer, ReviewAssayServer.Project()));

        var queue = await ReviewAssayServer.JsonAsync(await reviewer.GetAsync("v1/review/queue"));
        var empty = await ReviewAssayServer.JsonAsync(await other.GetAsync("v1/review/queue"));

        var tier = Assert.Single(queue.GetProperty("backlog").EnumerateArray());
        Assert.Equal("critical", tier.GetProperty("tier").GetString());
        Assert.Equal(3, tier.GetProperty("open").GetInt32());
        Assert.Equal(3, queue.GetProperty("open_by_tier").GetProperty("critical").GetInt32());
        Assert.Equal(tasks.Min(), tier.GetProperty("oldest_task_id").GetInt64());
        // The interactions happened five minutes before they were sent; their tasks were routed just now.
        Assert.InRange((DateTimeOffset.UtcNow - tier.GetProperty("oldest_occurred_at").GetDateTimeOffset()).TotalSeconds, 290, 600);
        Assert.InRange((DateTimeOffset.UtcNow - tier.GetProperty("oldest_routed_at").GetDateTimeOffset()).TotalSeconds, 0, 120);
        Assert.True(tier.GetProperty("oldest_routed_at").GetDateTimeOffset() > tier.GetProperty("oldest_occurred_at").GetDateTimeOffset(), tier.ToString());
        Assert.Equal(0, empty.GetProperty("backlog").GetArrayLength());
    }

    [Fact]
    public async Task GetQueue_backlog_drops_a_task_once_it_has_its_labels()
    {
        var project = ReviewAssayServer.Project();
        var tasks = await server.TasksAsync(project, 2);
        using var ana = server.Client(await server.KeyAsync(Role.Reviewer, project));
        using var ben = server.Client(await server.KeyAsync(Role.Reviewer, project));
        (await ana.PostLabelAsync(tasks[0], "hallucination")).EnsureSuccessStatusCode();
        (await ben.PostLabelAsync(tasks[0], "hallucination")).EnsureSuccessStatusCode();

        var queue = await ReviewAssayServer.JsonAsync(await ana.GetAsync("v1/review/queue"));

        var tier = Assert.Single(queue.GetProperty("backlog").EnumerateArray());
        Assert.Equal(1, tier.GetProperty("open").GetInt32());
        Assert.Equal(tasks[1], tier.GetProperty("oldest_task_id").GetInt64());
        Assert.Equal(JsonValueKind.Number, queue.GetProperty("done").ValueKind);
    }
}
