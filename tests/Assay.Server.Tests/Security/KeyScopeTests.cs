using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Assay.Review;
using Assay.Server.Tests.Review;

namespace Assay.Server.Tests.Security;

/// <summary>An admin key scoped to a project manages that project's keys and nothing else (issue: key scope escalation).</summary>
public sealed class KeyScopeTests(ReviewAssayServer server) : IClassFixture<ReviewAssayServer>
{
    [Theory]
    [InlineData("*")]
    [InlineData("other")]
    public async Task Create_by_a_project_admin_for_every_project_or_another_is_forbidden_and_stores_nothing(string target)
    {
        var project = ReviewAssayServer.Project();
        var project2 = target == "*" ? target : ReviewAssayServer.Project();
        using var admin = server.Client(await server.KeyAsync(Role.Admin, project));
        var before = await server.ScalarAsync<long>("SELECT count(*) FROM api_keys");

        using var response = await admin.PostAsync(ReviewRequests.Path("v1/keys"),
            ReviewRequests.Json($$"""{"name": "escalator", "role": "admin", "project": "{{project2}}"}"""));

        await ProblemAssert.IsProblemAsync(response, 403, pointer: "/project");
        Assert.Equal(before, await server.ScalarAsync<long>("SELECT count(*) FROM api_keys"));
    }

    [Fact]
    public async Task Create_by_a_project_admin_for_its_project_works_and_the_new_key_sees_only_that_project()
    {
        var project = ReviewAssayServer.Project();
        var other = ReviewAssayServer.Project();
        using var admin = server.Client(await server.KeyAsync(Role.Admin, project));
        using var ingestOther = server.Client(await server.KeyAsync(Role.Ingest, other));
        var foreign = Some.Id("foreign");
        (await ingestOther.PostAsJsonAsync(ReviewRequests.Path("v1/interactions"), ReviewAssayServer.Interaction(foreign, other))).EnsureSuccessStatusCode();

        // The project may be left out: it defaults to the admin's own.
        var created = await ReviewAssayServer.JsonAsync(await admin.PostAsync(ReviewRequests.Path("v1/keys"),
            ReviewRequests.Json("""{"name": "new reviewer", "role": "reviewer"}""")), HttpStatusCode.Created);

        Assert.Equal(project, created.GetProperty("key").GetProperty("project").GetString());
        using var reviewer = server.Client(created.GetProperty("token").GetString());
        using var read = await reviewer.GetAsync($"v1/interactions/{foreign}");
        await ProblemAssert.IsProblemAsync(read, 404);
    }

    [Fact]
    public async Task List_by_a_project_admin_shows_only_its_project_keys()
    {
        var project = ReviewAssayServer.Project();
        var other = ReviewAssayServer.Project();
        var (adminToken, adminId) = await server.KeyWithIdAsync(Role.Admin, project);
        var (_, ownId) = await server.KeyWithIdAsync(Role.Reviewer, project);
        var (_, otherId) = await server.KeyWithIdAsync(Role.Reviewer, other);
        var (_, globalId) = await server.KeyWithIdAsync(Role.Admin, ApiKey.AllProjects);
        using var admin = server.Client(adminToken);
        using var global = server.Client(await server.KeyAsync(Role.Admin, ApiKey.AllProjects));

        var listed = (await ReviewAssayServer.JsonAsync(await admin.GetAsync("v1/keys"))).GetProperty("keys").EnumerateArray().ToList();
        var all = (await ReviewAssayServer.JsonAsync(await global.GetAsync("v1/keys?limit=1000"))).GetProperty("keys").EnumerateArray().Select(Id).ToHashSet();

        Assert.Equal(new[] { adminId, ownId }.Order(StringComparer.Ordinal), listed.Select(Id).Order(StringComparer.Ordinal), StringComparer.Ordinal);
        Assert.All(listed, k => Assert.Equal(project, k.GetProperty("project").GetString()));
        Assert.Superset(new HashSet<string> { adminId, ownId, otherId, globalId }, all);
    }

    [Fact]
    public async Task Revoke_by_a_project_admin_of_a_global_or_other_project_key_is_not_found_and_the_key_keeps_working()
    {
        var project = ReviewAssayServer.Project();
        var other = ReviewAssayServer.Project();
        using var admin = server.Client(await server.KeyAsync(Role.Admin, project));
        var (globalToken, globalId) = await server.KeyWithIdAsync(Role.Admin, ApiKey.AllProjects);
        var (otherToken, otherId) = await server.KeyWithIdAsync(Role.Reviewer, other);
        var (_, ownId) = await server.KeyWithIdAsync(Role.Reviewer, project);

        using var global = await admin.DeleteAsync(ReviewRequests.Path($"v1/keys/{globalId}"));
        using var foreign = await admin.DeleteAsync(ReviewRequests.Path($"v1/keys/{otherId}"));
        using var missing = await admin.DeleteAsync(ReviewRequests.Path("v1/keys/nosuchkey"));
        using var own = await admin.DeleteAsync(ReviewRequests.Path($"v1/keys/{ownId}"));

        var globalProblem = await ProblemAssert.IsProblemAsync(global, 404);
        var foreignProblem = await ProblemAssert.IsProblemAsync(foreign, 404);
        var missingProblem = await ProblemAssert.IsProblemAsync(missing, 404);
        // As if absent: the same title as for a key that does not exist.
        Assert.Equal(missingProblem.GetProperty("title").GetString(), globalProblem.GetProperty("title").GetString());
        Assert.Equal(missingProblem.GetProperty("title").GetString(), foreignProblem.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.NoContent, own.StatusCode);
        using var stillGlobal = server.Client(globalToken);
        using var stillOther = server.Client(otherToken);
        Assert.Equal(HttpStatusCode.OK, (await stillGlobal.GetAsync("v1/keys")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await stillOther.GetAsync("v1/review/queue")).StatusCode);
        Assert.Equal(DBNull.Value, (await server.RowsAsync("SELECT revoked_at FROM api_keys WHERE key_id = $p0", globalId))[0][0]);
    }

    [Fact]
    public async Task A_global_admin_manages_keys_of_every_project_and_global_keys()
    {
        var other = ReviewAssayServer.Project();
        using var global = server.Client(await server.KeyAsync(Role.Admin, ApiKey.AllProjects));
        var (_, otherId) = await server.KeyWithIdAsync(Role.Reviewer, other);
        var (_, globalId) = await server.KeyWithIdAsync(Role.Lead, ApiKey.AllProjects);

        using var created = await global.PostAsync(ReviewRequests.Path("v1/keys"), ReviewRequests.Json("""{"name": "ops", "role": "admin", "project": "*"}"""));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await global.DeleteAsync(ReviewRequests.Path($"v1/keys/{otherId}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await global.DeleteAsync(ReviewRequests.Path($"v1/keys/{globalId}"))).StatusCode);
    }

    private static string Id(JsonElement key) => key.GetProperty("key_id").GetString()!;
}
