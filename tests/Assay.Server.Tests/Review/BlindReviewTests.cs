using System.Net;
using Assay.Review;

namespace Assay.Server.Tests.Review;

/// <summary>The blind rule: a reviewer never sees another's label, nor a task they labelled; label changes are kept.</summary>
public sealed class BlindReviewTests(ReviewAssayServer server) : IClassFixture<ReviewAssayServer>
{
    [Fact]
    public async Task GetLabels_as_reviewer_is_forbidden()
    {
        var project = ReviewAssayServer.Project();
        var task = (await server.TasksAsync(project)).Single();
        using var first = server.Client(await server.KeyAsync(Role.Reviewer, project));
        using var second = server.Client(await server.KeyAsync(Role.Reviewer, project));
        (await first.PostLabelAsync(task, "hallucination")).EnsureSuccessStatusCode();

        using var answer = await second.GetAsync($"v1/review/tasks/{task}/labels");

        await ProblemAssert.IsProblemAsync(answer, 403);
    }

    [Fact]
    public async Task GetTask_after_labelling_is_conflict_and_next_never_returns_it()
    {
        var project = ReviewAssayServer.Project();
        var task = (await server.TasksAsync(project)).Single();
        using var reviewer = server.Client(await server.KeyAsync(Role.Reviewer, project));
        var offered = await ReviewAssayServer.JsonAsync(await reviewer.GetAsync("v1/review/next"));
        Assert.Equal(task, offered.GetProperty("task_id").GetInt64());
        (await reviewer.PostLabelAsync(task, "hallucination")).EnsureSuccessStatusCode();

        using var again = await reviewer.GetAsync($"v1/review/tasks/{task}");
        using var next = await reviewer.GetAsync("v1/review/next");

        await ProblemAssert.IsProblemAsync(again, 409);
        Assert.Equal(HttpStatusCode.NoContent, next.StatusCode);
        // The task still needs a second label: another reviewer is offered it.
        using var other = server.Client(await server.KeyAsync(Role.Reviewer, project));
        var forOther = await ReviewAssayServer.JsonAsync(await other.GetAsync("v1/review/next"));
        Assert.Equal(task, forOther.GetProperty("task_id").GetInt64());
    }

    [Fact]
    public async Task PostLabel_second_time_is_conflict_and_put_mine_revises_keeping_the_old_label()
    {
        var project = ReviewAssayServer.Project();
        var task = (await server.TasksAsync(project)).Single();
        using var reviewer = server.Client(await server.KeyAsync(Role.Reviewer, project, name: $"ana-{project}"));
        using var lead = server.Client(await server.KeyAsync(Role.Lead, project));
        (await reviewer.PostLabelAsync(task, "hallucination")).EnsureSuccessStatusCode();

        using var second = await reviewer.PostLabelAsync(task, "deception");
        await ProblemAssert.IsProblemAsync(second, 409);
        var revised = await ReviewAssayServer.JsonAsync(await reviewer.ReviseLabelAsync(task, "deception"));

        Assert.Equal("stored", revised.GetProperty("outcome").GetString());
        var current = Assert.Single((await ReviewAssayServer.JsonAsync(await lead.GetAsync($"v1/review/tasks/{task}/labels"))).GetProperty("labels").EnumerateArray());
        Assert.Equal(["deception"], current.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal($"ana-{project}", current.GetProperty("reviewer").GetString());
        var rows = await server.RowsAsync("SELECT label_id, categories, superseded_by FROM labels WHERE task_id = $p0 ORDER BY label_id", task);
        Assert.Equal(2, rows.Count);
        Assert.Contains("hallucination", (string)rows[0][1], StringComparison.Ordinal);
        Assert.Equal(rows[1][0], rows[0][2]);
        Assert.Equal(DBNull.Value, rows[1][2]);
    }

    [Fact]
    public async Task GetTask_as_reviewer_has_no_label_count_but_a_lead_sees_it()
    {
        var project = ReviewAssayServer.Project();
        var task = (await server.TasksAsync(project)).Single();
        using var first = server.Client(await server.KeyAsync(Role.Reviewer, project));
        using var second = server.Client(await server.KeyAsync(Role.Reviewer, project));
        using var lead = server.Client(await server.KeyAsync(Role.Lead, project));
        (await first.PostLabelAsync(task, "hallucination")).EnsureSuccessStatusCode();

        var asReviewer = await ReviewAssayServer.JsonAsync(await second.GetAsync($"v1/review/tasks/{task}"));
        var asNext = await ReviewAssayServer.JsonAsync(await second.GetAsync("v1/review/next"));
        var asLead = await ReviewAssayServer.JsonAsync(await lead.GetAsync($"v1/review/tasks/{task}"));

        Assert.False(asReviewer.TryGetProperty("label_count", out _), asReviewer.ToString());
        Assert.False(asNext.TryGetProperty("label_count", out _), asNext.ToString());
        Assert.False(asReviewer.TryGetProperty("labels", out _), asReviewer.ToString());
        Assert.Equal(2, asReviewer.GetProperty("required_labels").GetInt32());
        Assert.Equal(1, asLead.GetProperty("label_count").GetInt32());
    }
}
