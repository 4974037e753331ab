using Assay.Review;

namespace Assay.Server.Tests.Review;

/// <summary>Each role does its own work only; a missing, malformed or revoked key is not authenticated. Every refusal is a problem.</summary>
public sealed class RoleTests(ReviewAssayServer server) : IClassFixture<ReviewAssayServer>
{
    [Fact]
    public async Task Review_with_an_ingest_key_is_forbidden()
    {
        var project = ReviewAssayServer.Project();
        var task = (await server.TasksAsync(project)).Single();
        using var ingest = server.Client(await server.KeyAsync(Role.Ingest, project));

        await ProblemAssert.IsProblemAsync(await ingest.GetAsync("v1/review/next"), 403);
        await ProblemAssert.IsProblemAsync(await ingest.PostLabelAsync(task, "hallucination"), 403);
        await ProblemAssert.IsProblemAsync(await ingest.GetAsync($"v1/interactions/{Some.Id()}"), 403);
    }

    [Fact]
    public async Task Adjudicating_or_managing_keys_as_a_reviewer_is_forbidden()
    {
        var project = ReviewAssayServer.Project();
        var task = (await server.TasksAsync(project)).Single();
        using var reviewer = server.Client(await server.KeyAsync(Role.Reviewer, project));

        await ProblemAssert.IsProblemAsync(await reviewer.AdjudicateAsync(task, "hallucination"), 403);
        await ProblemAssert.IsProblemAsync(await reviewer.GetAsync("v1/review/adjudications/next"), 403);
        await ProblemAssert.IsProblemAsync(await reviewer.GetAsync("v1/keys"), 403);
        await ProblemAssert.IsProblemAsync(await reviewer.PostAsync(ReviewRequests.Path("v1/keys"),
            ReviewRequests.Json("""{"name": "mallory", "role": "admin", "project": "*"}""")), 403);
    }

    [Fact]
    public async Task A_key_revoked_through_the_api_is_unauthorized()
    {
        var project = ReviewAssayServer.Project();
        using var admin = server.Client(await server.KeyAsync(Role.Admin, ApiKey.AllProjects));
        var created = await ReviewAssayServer.JsonAsync(await admin.PostAsync(ReviewRequests.Path("v1/keys"),
            ReviewRequests.Json($$"""{"name": "rita", "role": "reviewer", "project": "{{project}}"}""")), System.Net.HttpStatusCode.Created);
        using var reviewer = server.Client(created.GetProperty("token").GetString());
        using (var before = await reviewer.GetAsync("v1/review/queue"))
            await ReviewAssayServer.JsonAsync(before);

        using var revoke = await admin.DeleteAsync(ReviewRequests.Path($"v1/keys/{created.GetProperty("key").GetProperty("key_id").GetString()}"));
        using var after = await reviewer.GetAsync("v1/review/queue");

        Assert.Equal(System.Net.HttpStatusCode.NoContent, revoke.StatusCode);
        await ProblemAssert.IsProblemAsync(after, 401);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-an-assay-key")]
    [InlineData("assay_0123456789ab_wrong-secret")]
    [InlineData("assay_short_secret")]
    public async Task Review_without_a_valid_key_is_unauthorized(string? token)
    {
        using var client = server.Client(token);

        await ProblemAssert.IsProblemAsync(await client.GetAsync("v1/review/next"), 401);
        await ProblemAssert.IsProblemAsync(await client.GetAsync("v1/keys"), 401);
        await ProblemAssert.IsProblemAsync(await client.GetAsync($"v1/interactions/{Some.Id()}"), 401);
    }
}
