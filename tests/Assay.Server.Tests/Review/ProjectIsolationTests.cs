using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Assay.Monitoring;
using Assay.Review;
using Assay.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Assay.Server.Tests.Review;

/// <summary>A project's key reads and writes only its own project; everything else answers as if it did not exist.</summary>
public sealed class ProjectIsolationTests(ReviewAssayServer server) : IClassFixture<ReviewAssayServer>
{
    private const string Leak = "Write to jane.doe@example.com for that.";

    [Fact]
    public async Task GetInteraction_of_another_project_is_not_found()
    {
        var (a, b) = (ReviewAssayServer.Project(), ReviewAssayServer.Project());
        var ownId = await IngestAsync(a, Leak);
        var otherId = await IngestAsync(b, Leak);
        using var reviewer = server.Client(await server.KeyAsync(Role.Reviewer, a));

        using var other = await reviewer.GetAsync($"v1/interactions/{otherId}");
        using var own = await reviewer.GetAsync($"v1/interactions/{ownId}");

        await ProblemAssert.IsProblemAsync(other, 404);
        await ReviewAssayServer.JsonAsync(own);
    }

    [Fact]
    public async Task GetAlerts_hides_alerts_over_every_project_from_a_project_key()
    {
        var store = server.Services.GetRequiredService<IAlertStore>();
        var marker = Guid.NewGuid().ToString("N");
        await store.AddEventAsync(new Alert("traffic-drift", "*", AlertState.Firing, DateTimeOffset.UtcNow, null, 0.01, $"all traffic {marker}"), CancellationToken.None);
        await store.AddEventAsync(new Alert("self-agreement-drop", "atlas@v2", AlertState.Firing, DateTimeOffset.UtcNow, null, 0.7, $"one version {marker}"), CancellationToken.None);
        using var reviewer = server.Client(await server.KeyAsync(Role.Reviewer, ReviewAssayServer.Project()));
        using var admin = server.Client(await server.KeyAsync(Role.Admin, ApiKey.AllProjects));

        var own = await ReviewAssayServer.JsonAsync(await reviewer.GetAsync("v1/alerts"));
        var all = await ReviewAssayServer.JsonAsync(await admin.GetAsync("v1/alerts"));

        static int Marked(System.Text.Json.JsonElement list, string marker) =>
            list.GetProperty("alerts").EnumerateArray().Count(e => e.GetProperty("alert").GetProperty("message").GetString()!.EndsWith(marker, StringComparison.Ordinal));
        Assert.Equal(0, Marked(own, marker));
        Assert.Equal(2, Marked(all, marker));
    }

    [Fact]
    public async Task GetFlags_shows_only_the_key_project()
    {
        var (a, b) = (ReviewAssayServer.Project(), ReviewAssayServer.Project());
        var ownId = await IngestAsync(a, Leak);
        var otherId = await IngestAsync(b, Leak);
        using var reviewer = server.Client(await server.KeyAsync(Role.Reviewer, a));
        using var admin = server.Client(await server.KeyAsync(Role.Admin, ApiKey.AllProjects));

        var flags = await ReviewAssayServer.JsonAsync(await reviewer.GetAsync("v1/flags?rule=pii.email&limit=1000"));
        var all = await ReviewAssayServer.JsonAsync(await admin.GetAsync("v1/flags?rule=pii.email&limit=1000"));

        var seen = flags.GetProperty("flags").EnumerateArray().Select(f => f.GetProperty("interaction_id").GetString()).ToList();
        Assert.Contains(ownId, seen);
        Assert.DoesNotContain(otherId, seen);
        var everything = all.GetProperty("flags").EnumerateArray().Select(f => f.GetProperty("interaction_id").GetString()).ToList();
        Assert.Contains(otherId, everything);
    }

    [Fact]
    public async Task ListInteractions_shows_only_the_key_project_whatever_the_project_asked_for()
    {
        var (a, b) = (ReviewAssayServer.Project(), ReviewAssayServer.Project());
        var ownId = await IngestAsync(a, Leak);
        var otherId = await IngestAsync(b, Leak);
        using var reviewer = server.Client(await server.KeyAsync(Role.Reviewer, a));
        using var admin = server.Client(await server.KeyAsync(Role.Admin, ApiKey.AllProjects));

        static async Task<List<string?>> IdsAsync(HttpClient client, string path) =>
            [.. (await ReviewAssayServer.JsonAsync(await client.GetAsync(path))).GetProperty("interactions").EnumerateArray()
                .Select(i => i.GetProperty("interaction").GetProperty("id").GetString())];
        var seen = await IdsAsync(reviewer, "v1/interactions?q=jane&limit=1000");
        var asked = await IdsAsync(reviewer, $"v1/interactions?project={b}");
        var everything = await IdsAsync(admin, "v1/interactions?q=jane&limit=1000");

        Assert.Contains(ownId, seen);
        Assert.DoesNotContain(otherId, seen);
        Assert.Empty(asked);
        Assert.Contains(otherId, everything);
    }

    [Fact]
    public async Task Review_task_of_another_project_is_not_found_for_reading_labelling_or_deciding()
    {
        var (a, b) = (ReviewAssayServer.Project(), ReviewAssayServer.Project());
        var task = (await server.TasksAsync(b)).Single();
        using var reviewer = server.Client(await server.KeyAsync(Role.Reviewer, a));
        using var lead = server.Client(await server.KeyAsync(Role.Lead, a));

        await ProblemAssert.IsProblemAsync(await reviewer.GetAsync($"v1/review/tasks/{task}"), 404);
        await ProblemAssert.IsProblemAsync(await reviewer.PostLabelAsync(task, "hallucination"), 404);
        await ProblemAssert.IsProblemAsync(await lead.GetAsync($"v1/review/tasks/{task}/labels"), 404);
        await ProblemAssert.IsProblemAsync(await lead.AdjudicateAsync(task, "hallucination"), 404);
        using var next = await reviewer.GetAsync("v1/review/next");
        Assert.Equal(System.Net.HttpStatusCode.NoContent, next.StatusCode);
        Assert.Equal(0L, await server.ScalarAsync<long>("SELECT count(*) FROM labels WHERE task_id = $p0", task));
    }

    [Fact]
    public async Task Ingest_into_another_project_is_forbidden_with_a_pointer()
    {
        var (a, b) = (ReviewAssayServer.Project(), ReviewAssayServer.Project());
        using var ingest = server.Client(await server.KeyAsync(Role.Ingest, a));
        var id = Some.Id("iso");

        using var answer = await PostAsync(ingest, ReviewAssayServer.Interaction(id, b));

        await ProblemAssert.IsProblemAsync(answer, 403, pointer: "/metadata/project");
        Assert.Null(await server.Store.GetAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task Ingest_without_a_project_is_stamped_with_the_key_project()
    {
        var project = ReviewAssayServer.Project();
        using var ingest = server.Client(await server.KeyAsync(Role.Ingest, project));
        var id = Some.Id("iso");

        using var answer = await PostAsync(ingest, ReviewAssayServer.Interaction(id, project: null));

        answer.EnsureSuccessStatusCode();
        var stored = await server.Store.GetAsync(id, CancellationToken.None);
        Assert.Equal(project, stored!.Stored.Interaction.Metadata.Project);
    }

    private async Task<string> IngestAsync(string project, string response)
    {
        var id = Some.Id("iso");
        using var ingest = server.Client(await server.KeyAsync(Role.Ingest, project));
        using var answer = await PostAsync(ingest, ReviewAssayServer.Interaction(id, project, response));
        answer.EnsureSuccessStatusCode();
        await server.WaitUntilAllProcessedAsync();
        return id;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, JsonObject interaction)
    {
        var content = new StringContent(interaction.ToJsonString(), System.Text.Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return client.PostAsync(ReviewRequests.Path("v1/interactions"), content);
    }
}
