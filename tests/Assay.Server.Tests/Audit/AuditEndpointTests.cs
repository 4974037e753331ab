using System.Net.Http.Json;
using System.Text.Json;
using Assay.Audit;
using Assay.Review;
using Assay.Server.Tests.Review;
using Assay.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Assay.Server.Tests.Audit;

/// <summary><c>GET /v1/audit</c>: pages that join into the verifiable chain, its filters, and its refusals.</summary>
public sealed class AuditEndpointTests(ReviewAssayServer server) : IClassFixture<ReviewAssayServer>
{
    [Fact]
    public async Task Pages_of_one_entry_walk_the_whole_chain_once_and_verify_like_an_export()
    {
        var (admin, _) = await server.KeyWithIdAsync(Role.Admin, "*");
        await server.TasksAsync(ReviewAssayServer.Project(), count: 2);
        using var client = server.Client(admin);

        var entries = new List<AuditEntry>();
        string? cursor = null;
        for (var page = 0; page < 10_000; page++)
        {
            var body = await ReviewAssayServer.JsonAsync(await client.GetAsync(cursor is null ? "v1/audit?limit=1" : $"v1/audit?limit=1&cursor={cursor}"));
            entries.AddRange(body.GetProperty("entries").EnumerateArray().Select(e => AuditExport.Parse(e.GetRawText())));
            if (!body.TryGetProperty("next", out var next) || next.ValueKind == JsonValueKind.Null)
                break;
            cursor = next.GetString();
        }

        var head = await server.Services.GetRequiredService<IAuditStore>().HeadAsync(CancellationToken.None);
        Assert.NotNull(head);
        Assert.Equal(Enumerable.Range(1, (int)head.Seq).Select(i => (long)i), entries.Select(e => e.Seq));
        var verification = await AuditChain.VerifyAsync(entries);
        Assert.True(verification.Intact, verification.Detail);
        Assert.Equal(head.Hash, verification.HeadHash);
        Assert.Contains(entries, e => e.Kind == "pipeline.processed");
    }

    [Fact]
    public async Task Filters_by_actor_subject_and_time()
    {
        var (admin, adminId) = await server.KeyWithIdAsync(Role.Admin, "*");
        using var client = server.Client(admin);
        var created = await ReviewAssayServer.JsonAsync(await client.PostAsJsonAsync("v1/keys",
            new { name = "audited", role = "reviewer", project = ReviewAssayServer.Project() }), System.Net.HttpStatusCode.Created);
        var keyId = created.GetProperty("key").GetProperty("key_id").GetString()!;
        using (var revoked = await client.DeleteAsync($"v1/keys/{keyId}"))
            Assert.Equal(System.Net.HttpStatusCode.NoContent, revoked.StatusCode);

        var byActor = await EntriesAsync(client, $"v1/audit?actor={adminId}&limit=1000");
        var bySubject = await EntriesAsync(client, $"v1/audit?subject=key:{keyId}");
        var before = await EntriesAsync(client, "v1/audit?to=2000-01-01T00:00:00Z");
        var since = await EntriesAsync(client, $"v1/audit?from={Uri.EscapeDataString(bySubject[0].Time.AddMilliseconds(1).ToString("O"))}&subject=key:{keyId}");

        Assert.Equal(["key.created", "key.revoked"], byActor.Select(e => e.Kind));
        Assert.All(byActor, e => Assert.Equal(adminId, e.Actor.KeyId));
        Assert.Equal(["key.created", "key.revoked"], bySubject.Select(e => e.Kind));
        Assert.Empty(before);
        Assert.True(since.All(e => e.Time > bySubject[0].Time));
    }

    [Theory]
    [InlineData("v1/audit?limit=0", "limit")]
    [InlineData("v1/audit?limit=1001", "limit")]
    [InlineData("v1/audit?from=yesterday", "from")]
    [InlineData("v1/audit?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", "to")]
    [InlineData("v1/audit?cursor=not-one-of-ours", "cursor")]
    [InlineData("v1/audit?actor=", "actor")]
    [InlineData("v1/audit?subject=a&subject=b", "subject")]
    [InlineData("v1/audit?kind=key.created", "kind")]
    public async Task A_bad_parameter_is_a_problem_naming_it(string path, string parameter)
    {
        var (admin, _) = await server.KeyWithIdAsync(Role.Admin, "*");
        using var client = server.Client(admin);

        await ProblemAssert.IsProblemAsync(await client.GetAsync(path), 400, parameter: parameter);
    }

    [Fact]
    public async Task A_project_admin_is_refused_because_the_log_spans_every_project()
    {
        using var client = server.Client(await server.KeyAsync(Role.Admin, ReviewAssayServer.Project()));

        var problem = await ProblemAssert.IsProblemAsync(await client.GetAsync("v1/audit"), 403);

        Assert.Contains("every project", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static async Task<List<AuditEntry>> EntriesAsync(HttpClient client, string path) =>
        [.. (await ReviewAssayServer.JsonAsync(await client.GetAsync(path))).GetProperty("entries").EnumerateArray().Select(e => AuditExport.Parse(e.GetRawText()))];
}
