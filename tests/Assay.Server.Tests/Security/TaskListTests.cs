using System.Net;
using Assay.Review;
using Assay.Server.Tests.Review;

namespace Assay.Server.Tests.Security;

/// <summary><c>GET /v1/review/tasks</c>: leads list tasks by state or interaction, paged by cursor; reviewers cannot.</summary>
public sealed class TaskListTests(ReviewAssayServer server) : IClassFixture<ReviewAssayServer>
{
    [Fact]
    public async Task ListTasks_pages_by_cursor_and_filters_by_state_and_interaction()
    {
        var project = ReviewAssayServer.Project();
        var tasks = await server.TasksAsync(project, 3);
        using var lead = server.Client(await server.KeyAsync(Role.Lead, project));
        using var ana = server.Client(await server.KeyAsync(Role.Reviewer, project));
        using var ben = server.Client(await server.KeyAsync(Role.Reviewer, project));
        (await ana.PostLabelAsync(tasks[0], "hallucination")).EnsureSuccessStatusCode();
        (await ben.PostLabelAsync(tasks[0], "deception")).EnsureSuccessStatusCode();

        var first = await ReviewAssayServer.JsonAsync(await lead.GetAsync("v1/review/tasks?limit=2"));
        var second = await ReviewAssayServer.JsonAsync(await lead.GetAsync($"v1/review/tasks?limit=2&cursor={first.GetProperty("next").GetString()}"));
        var disputed = await ReviewAssayServer.JsonAsync(await lead.GetAsync("v1/review/tasks?state=adjudication"));
        var interaction = (await ReviewAssayServer.JsonAsync(await lead.GetAsync($"v1/review/tasks/{tasks[1]}"))).GetProperty("interaction").GetProperty("id").GetString()!;
        var byInteraction = await ReviewAssayServer.JsonAsync(await lead.GetAsync($"v1/review/tasks?interaction_id={Uri.EscapeDataString(interaction)}"));

        var paged = first.GetProperty("tasks").EnumerateArray().Concat(second.GetProperty("tasks").EnumerateArray()).Select(t => t.GetProperty("task_id").GetInt64());
        Assert.Equal(tasks, paged);
        Assert.False(second.TryGetProperty("next", out _));
        var only = Assert.Single(disputed.GetProperty("tasks").EnumerateArray());
        Assert.Equal(tasks[0], only.GetProperty("task_id").GetInt64());
        Assert.Equal(2, only.GetProperty("label_count").GetInt32());
        Assert.Equal(tasks[1], Assert.Single(byInteraction.GetProperty("tasks").EnumerateArray()).GetProperty("task_id").GetInt64());
    }

    [Theory]
    [InlineData("state=finished", "state")]
    [InlineData("cursor=zzz", "cursor")]
    [InlineData("limit=0", "limit")]
    [InlineData("colour=red", "colour")]
    public async Task ListTasks_with_a_bad_parameter_is_a_problem_naming_it(string query, string parameter)
    {
        using var lead = server.Client(await server.KeyAsync(Role.Lead, ReviewAssayServer.Project()));

        await ProblemAssert.IsProblemAsync(await lead.GetAsync($"v1/review/tasks?{query}"), 400, parameter: parameter);
    }

    [Fact]
    public async Task ListTasks_as_a_reviewer_is_forbidden_and_a_lead_sees_only_its_project()
    {
        var project = ReviewAssayServer.Project();
        var other = ReviewAssayServer.Project();
        var foreign = await server.TasksAsync(other);
        using var reviewer = server.Client(await server.KeyAsync(Role.Reviewer, project));
        using var lead = server.Client(await server.KeyAsync(Role.Lead, project));

        await ProblemAssert.IsProblemAsync(await reviewer.GetAsync("v1/review/tasks"), 403);
        var listed = await ReviewAssayServer.JsonAsync(await lead.GetAsync("v1/review/tasks"));
        Assert.DoesNotContain(listed.GetProperty("tasks").EnumerateArray(), t => t.GetProperty("task_id").GetInt64() == foreign[0]);
        Assert.Equal(HttpStatusCode.OK, (await lead.GetAsync("v1/review/tasks?state=open")).StatusCode);
    }
}
