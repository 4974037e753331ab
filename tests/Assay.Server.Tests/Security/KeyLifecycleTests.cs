using System.Net;
using System.Text;
using System.Text.Json;
using Assay.Review;
using Assay.Server.Tests.Review;

namespace Assay.Server.Tests.Security;

/// <summary>Key requests are read strictly, keys expire, and listings say when each key was last used.</summary>
public sealed class KeyLifecycleTests(ReviewAssayServer server) : IClassFixture<ReviewAssayServer>
{
    [Fact]
    public async Task Create_with_an_unknown_field_is_refused_naming_its_pointer_and_stores_nothing()
    {
        using var admin = server.Client(await server.KeyAsync(Role.Admin, ApiKey.AllProjects));
        var before = await server.ScalarAsync<long>("SELECT count(*) FROM api_keys");

        using var response = await admin.PostAsync(ReviewRequests.Path("v1/keys"),
            ReviewRequests.Json("""{"name": "x", "role": "reviewer", "project": "*", "scope": "everything"}"""));

        await ProblemAssert.IsProblemAsync(response, 400, pointer: "/scope");
        Assert.Equal(before, await server.ScalarAsync<long>("SELECT count(*) FROM api_keys"));
    }

    [Fact]
    public async Task Create_with_a_ten_megabyte_field_is_refused_as_too_large()
    {
        using var admin = server.Client(await server.KeyAsync(Role.Admin, ApiKey.AllProjects));
        var body = new StringBuilder("{\"name\": \"x\", \"role\": \"reviewer\", \"project\": \"*\", \"padding\": \"").Append('a', 10 * 1024 * 1024).Append("\"}").ToString();

        using var response = await admin.PostAsync(ReviewRequests.Path("v1/keys"), ReviewRequests.Json(body));

        await ProblemAssert.IsProblemAsync(response, 413);
    }

    [Theory]
    [InlineData("""{"name": "x", "role": "reviewer", "project": "*", "expires_at": "2020-01-01T00:00:00Z"}""", "/expires_at")]
    [InlineData("""{"name": "x", "role": "reviewer", "project": "*", "expires_at": "next week"}""", "/expires_at")]
    [InlineData("""{"name": "x", "role": "reviewer", "project": "*", "name": "y"}""", "/name")]
    [InlineData("""{"name": "\ud800", "role": "reviewer", "project": "*"}""", "/name")]
    [InlineData("""{"name": "x", "role": "root", "project": "*"}""", "/role")]
    [InlineData("""{"name": "x", "role": "reviewer,lead", "project": "*"}""", "/role")]
    [InlineData("""{"name": "x", "role": "3", "project": "*"}""", "/role")]
    public async Task Create_with_a_bad_field_is_refused_naming_it(string body, string pointer)
    {
        using var admin = server.Client(await server.KeyAsync(Role.Admin, ApiKey.AllProjects));

        using var response = await admin.PostAsync(ReviewRequests.Path("v1/keys"), ReviewRequests.Json(body));

        await ProblemAssert.IsProblemAsync(response, 400, pointer: pointer);
    }

    [Fact]
    public async Task An_expired_key_gets_401_saying_it_expired()
    {
        var (token, keyId) = await server.KeyWithIdAsync(Role.Reviewer, ApiKey.AllProjects, expires: DateTimeOffset.UtcNow.AddMinutes(-1));
        using var client = server.Client(token);

        using var response = await client.GetAsync("v1/review/queue");

        var problem = await ProblemAssert.IsProblemAsync(response, 401);
        Assert.Contains("expired", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(keyId, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(token, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_created_with_expires_at_works_until_then_and_gets_401_after()
    {
        using var admin = server.Client(await server.KeyAsync(Role.Admin, ApiKey.AllProjects));
        var expires = DateTimeOffset.UtcNow.AddSeconds(3);
        var created = await ReviewAssayServer.JsonAsync(await admin.PostAsync(ReviewRequests.Path("v1/keys"),
            ReviewRequests.Json($$"""{"name": "temp", "role": "reviewer", "project": "*", "expires_at": "{{expires:yyyy-MM-ddTHH:mm:ss.fffZ}}"}""")), HttpStatusCode.Created);
        using var client = server.Client(created.GetProperty("token").GetString());
        Assert.Equal(expires.ToUnixTimeSeconds(), created.GetProperty("key").GetProperty("expires_at").GetDateTimeOffset().ToUnixTimeSeconds());

        using var before = await client.GetAsync("v1/review/queue");
        HttpStatusCode after = HttpStatusCode.OK;
        for (var attempt = 0; attempt < 100 && after == HttpStatusCode.OK; attempt++)
        {
            await Task.Delay(100);
            using var response = await client.GetAsync("v1/review/queue");
            after = response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after);
        Assert.True(DateTimeOffset.UtcNow >= expires, "the key stopped working before its expiry");
    }

    [Fact]
    public async Task A_revoked_key_gets_401_saying_it_was_revoked()
    {
        var (token, keyId) = await server.KeyWithIdAsync(Role.Reviewer, ApiKey.AllProjects);
        using var admin = server.Client(await server.KeyAsync(Role.Admin, ApiKey.AllProjects));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(ReviewRequests.Path($"v1/keys/{keyId}"))).StatusCode);
        using var client = server.Client(token);

        var problem = await ProblemAssert.IsProblemAsync(await client.GetAsync("v1/review/queue"), 401);

        Assert.Contains("revoked", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listing_shows_when_each_key_was_last_used_and_never_for_an_unused_one()
    {
        var project = ReviewAssayServer.Project();
        var (adminToken, adminId) = await server.KeyWithIdAsync(Role.Admin, project);
        var (_, unusedId) = await server.KeyWithIdAsync(Role.Reviewer, project);
        using var admin = server.Client(adminToken);
        var start = DateTimeOffset.UtcNow.AddSeconds(-1);

        var keys = (await ReviewAssayServer.JsonAsync(await admin.GetAsync("v1/keys"))).GetProperty("keys").EnumerateArray().ToDictionary(k => k.GetProperty("key_id").GetString()!);

        Assert.False(keys[unusedId].TryGetProperty("last_used_at", out _), keys[unusedId].ToString());
        var used = keys[adminId].GetProperty("last_used_at").GetDateTimeOffset();
        Assert.InRange(used, start, DateTimeOffset.UtcNow.AddSeconds(1));
    }
}
