using System.Text.Json;
using Assay.Review;

namespace Assay.Server.Tests.Review;

/// <summary>A task's labels are a list like every other: <c>{"labels": [...], "next": cursor}</c>, paged by cursor.</summary>
public sealed class LabelListTests(ReviewAssayServer server) : IClassFixture<ReviewAssayServer>
{
    [Fact]
    public async Task GetLabels_pages_of_one_join_up_to_every_label_oldest_first()
    {
        var project = ReviewAssayServer.Project();
        var task = (await server.TasksAsync(project)).Single();
        using var ana = server.Client(await server.KeyAsync(Role.Reviewer, project, $"ana-{project}"));
        using var ben = server.Client(await server.KeyAsync(Role.Reviewer, project, $"ben-{project}"));
        using var lead = server.Client(await server.KeyAsync(Role.Lead, project));
        (await ana.PostLabelAsync(task, "hallucination")).EnsureSuccessStatusCode();
        (await ben.PostLabelAsync(task)).EnsureSuccessStatusCode();

        var whole = await ReviewAssayServer.JsonAsync(await lead.GetAsync($"v1/review/tasks/{task}/labels"));
        var first = await ReviewAssayServer.JsonAsync(await lead.GetAsync($"v1/review/tasks/{task}/labels?limit=1"));
        var next = first.GetProperty("next").GetString()!;
        var second = await ReviewAssayServer.JsonAsync(await lead.GetAsync($"v1/review/tasks/{task}/labels?limit=1&cursor={Uri.EscapeDataString(next)}"));

        Assert.Equal(JsonValueKind.Object, whole.ValueKind);
        Assert.False(whole.TryGetProperty("next", out var none) && none.ValueKind != JsonValueKind.Null, whole.ToString());
        Assert.Equal([$"ana-{project}", $"ben-{project}"], Reviewers(whole));
        Assert.Equal([$"ana-{project}"], Reviewers(first));
        Assert.Equal([$"ben-{project}"], Reviewers(second));
        Assert.False(second.TryGetProperty("next", out var last) && last.ValueKind != JsonValueKind.Null, second.ToString());
    }

    [Fact]
    public async Task GetLabels_with_bad_cursor_limit_or_parameter_is_a_problem_naming_it()
    {
        var project = ReviewAssayServer.Project();
        var task = (await server.TasksAsync(project)).Single();
        using var lead = server.Client(await server.KeyAsync(Role.Lead, project));
        foreach (var (query, parameter) in new[] { ("cursor=t5", "cursor"), ("limit=0", "limit"), ("state=open", "state") })
            await ProblemAssert.IsProblemAsync(await lead.GetAsync($"v1/review/tasks/{task}/labels?{query}"), 400, parameter: parameter);
    }

    private static string[] Reviewers(JsonElement page) =>
        page.GetProperty("labels").EnumerateArray().Select(l => l.GetProperty("reviewer").GetString()!).ToArray();
}
