using System.Net;
using Assay.Review;

namespace Assay.Server.Tests.Review;

/// <summary>Two labels that disagree go to a lead, whose decision is stored with its provenance; two that agree close the task.</summary>
public sealed class AdjudicationTests(ReviewAssayServer server) : IClassFixture<ReviewAssayServer>
{
    [Fact]
    public async Task Labels_that_disagree_go_to_a_lead_whose_decision_is_stored_with_provenance()
    {
        var project = ReviewAssayServer.Project();
        var task = (await server.TasksAsync(project)).Single();
        using var ana = server.Client(await server.KeyAsync(Role.Reviewer, project, $"ana-{project}"));
        using var ben = server.Client(await server.KeyAsync(Role.Reviewer, project, $"ben-{project}"));
        using var lead = server.Client(await server.KeyAsync(Role.Lead, project, $"lea-{project}"));

        var first = await ReviewAssayServer.JsonAsync(await ana.PostLabelAsync(task, "hallucination"));
        var second = await ReviewAssayServer.JsonAsync(await ben.PostLabelAsync(task));
        var waiting = await ReviewAssayServer.JsonAsync(await lead.GetAsync("v1/review/adjudications/next"));
        var decided = await ReviewAssayServer.JsonAsync(await lead.AdjudicateAsync(task, "hallucination"));

        Assert.Equal("stored", first.GetProperty("outcome").GetString());
        // A reviewer is not told whether the others agreed (the blind rule); the lead's queue shows it.
        Assert.Equal("stored", second.GetProperty("outcome").GetString());
        Assert.Equal(task, waiting.GetProperty("task").GetProperty("task_id").GetInt64());
        Assert.Equal([$"ana-{project}", $"ben-{project}"], waiting.GetProperty("labels").EnumerateArray().Select(l => l.GetProperty("reviewer").GetString()).Order());
        Assert.Equal("adjudicated", decided.GetProperty("outcome").GetString());
        var row = Assert.Single(await server.RowsAsync("SELECT lead, categories, label_ids, superseded_by FROM adjudications WHERE task_id = $p0", task));
        Assert.Equal($"lea-{project}", row[0]);
        Assert.Contains("hallucination", (string)row[1], StringComparison.Ordinal);
        foreach (var label in new[] { first, second })
            Assert.Contains(label.GetProperty("label_id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), (string)row[2], StringComparison.Ordinal);
        Assert.Equal(DBNull.Value, row[3]);
        Assert.Equal("done", await server.ScalarAsync<string>("SELECT status FROM review_tasks WHERE task_id = $p0", task));
        using var none = await lead.GetAsync("v1/review/adjudications/next");
        Assert.Equal(HttpStatusCode.NoContent, none.StatusCode);
    }

    [Fact]
    public async Task Labels_that_agree_close_the_task_without_a_lead()
    {
        var project = ReviewAssayServer.Project();
        var task = (await server.TasksAsync(project)).Single();
        using var ana = server.Client(await server.KeyAsync(Role.Reviewer, project));
        using var ben = server.Client(await server.KeyAsync(Role.Reviewer, project));
        using var lead = server.Client(await server.KeyAsync(Role.Lead, project));

        (await ana.PostLabelAsync(task, "pii-leak", "deception")).EnsureSuccessStatusCode();
        var second = await ReviewAssayServer.JsonAsync(await ben.PostLabelAsync(task, "deception", "pii-leak"));

        Assert.Equal("stored", second.GetProperty("outcome").GetString());
        Assert.Equal("done", await server.ScalarAsync<string>("SELECT status FROM review_tasks WHERE task_id = $p0", task));
        using var waiting = await lead.GetAsync("v1/review/adjudications/next");
        Assert.Equal(HttpStatusCode.NoContent, waiting.StatusCode);
        await ProblemAssert.IsProblemAsync(await lead.AdjudicateAsync(task, "pii-leak"), 409);
        Assert.Equal(0L, await server.ScalarAsync<long>("SELECT count(*) FROM adjudications WHERE task_id = $p0", task));
    }

    [Fact]
    public async Task PostLabel_on_a_task_waiting_for_a_lead_is_conflict()
    {
        var project = ReviewAssayServer.Project();
        var task = (await server.TasksAsync(project)).Single();
        using var ana = server.Client(await server.KeyAsync(Role.Reviewer, project));
        using var ben = server.Client(await server.KeyAsync(Role.Reviewer, project));
        using var cy = server.Client(await server.KeyAsync(Role.Reviewer, project));
        (await ana.PostLabelAsync(task, "hallucination")).EnsureSuccessStatusCode();
        (await ben.PostLabelAsync(task)).EnsureSuccessStatusCode();

        using var third = await cy.PostLabelAsync(task, "hallucination");
        using var next = await cy.GetAsync("v1/review/next");

        await ProblemAssert.IsProblemAsync(third, 409);
        Assert.Equal(HttpStatusCode.NoContent, next.StatusCode);
    }
}
