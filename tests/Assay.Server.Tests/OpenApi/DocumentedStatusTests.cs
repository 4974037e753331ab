using System.Text.Json;
using Assay.Review;
using Assay.Server.Tests.Review;

namespace Assay.Server.Tests.OpenApi;

/// <summary>
/// The OpenAPI document declares every answer an operation gives: each operation is driven through its known outcomes
/// (besides those the authorization matrix and the fuzz run meet, which check the same), and every status seen must be
/// declared for that operation.
/// </summary>
public sealed class DocumentedStatusTests(ReviewAssayServer server) : IClassFixture<ReviewAssayServer>
{
    [Fact]
    public async Task Every_known_outcome_of_every_operation_is_declared_in_the_document()
    {
        using var observed = new ObservedStatuses(server.Services);
        var project = ReviewAssayServer.Project();
        var tasks = await server.TasksAsync(project, 2);
        using var ingest = server.Client(await server.KeyAsync(Role.Ingest, project));
        using var reviewer = server.Client(await server.KeyAsync(Role.Reviewer, project));
        using var lead = server.Client(await server.KeyAsync(Role.Lead, project));
        using var admin = server.Client(await server.KeyAsync(Role.Admin, project));
        using var emptyLead = server.Client(await server.KeyAsync(Role.Lead, ReviewAssayServer.Project()));

        var interaction = ReviewAssayServer.Interaction(Some.Id("doc"), project).ToJsonString();
        var conflicting = interaction.Replace("Paris is the capital of France.", "Lyon.", StringComparison.Ordinal);
        await ingest.PostAsync(ReviewRequests.Path("v1/interactions"), ReviewRequests.Json(interaction));                 // 202
        await ingest.PostAsync(ReviewRequests.Path("v1/interactions"), ReviewRequests.Json(interaction));                 // 200
        await ingest.PostAsync(ReviewRequests.Path("v1/interactions"), ReviewRequests.Json(conflicting));                 // 409
        await ingest.PostAsync(ReviewRequests.Path("v1/interactions"), new StringContent("x", null, "text/plain"));       // 415
        await ingest.PostAsync(ReviewRequests.Path("v1/interactions"), ReviewRequests.Json("{"));                         // 400
        await reviewer.GetAsync("v1/interactions/no-such-id");                                                           // 404
        await reviewer.GetAsync("v1/interactions/%FF");                                                                  // 400
        await reviewer.GetAsync("v1/dashboard/nope.svg");                                                                // 404
        await reviewer.GetAsync("v1/dashboard/volume.svg?hours=5");                                                      // 400
        await reviewer.GetAsync("v1/compare/model-versions");                                                            // 400
        await reviewer.GetAsync("v1/review/agreement?from=x");                                                           // 400
        await reviewer.GetAsync("v1/review/tasks/999999999");                                                           // 404
        await reviewer.PostLabelAsync(tasks[0], "hallucination");                                                        // 200
        await reviewer.PostLabelAsync(tasks[0], "hallucination");                                                        // 409
        await reviewer.GetAsync($"v1/review/tasks/{tasks[0]}");                                                         // 409
        await reviewer.ReviseLabelAsync(tasks[1], "hallucination");                                                      // 409
        await reviewer.PostLabelAsync(999999999, "hallucination");                                                       // 404
        await reviewer.GetAsync("v1/review/next");                                                                       // 200
        await emptyLead.GetAsync("v1/review/next");                                                                      // 204
        await emptyLead.GetAsync("v1/review/adjudications/next");                                                        // 204
        await lead.GetAsync("v1/review/tasks/999999999/labels");                                                        // 404
        await lead.AdjudicateAsync(tasks[1], "hallucination");                                                           // 409
        await lead.AdjudicateAsync(999999999, "hallucination");                                                          // 404
        await lead.GetAsync("v1/sampling/status");                                                                       // 403
        await lead.GetAsync("v1/judging/status");                                                                        // 403
        await admin.PostAsync(ReviewRequests.Path("v1/keys"), ReviewRequests.Json("""{"name": "x", "role": "admin", "project": "*"}""")); // 403
        await admin.DeleteAsync(ReviewRequests.Path("v1/keys/nosuchkey"));                                               // 404

        foreach (var (operation, status) in new[]
        {
            ("POST /v1/interactions", 200), ("POST /v1/interactions", 409), ("POST /v1/interactions", 415),
            ("GET /v1/review/next", 204), ("GET /v1/review/adjudications/next", 204), ("GET /v1/review/tasks/{taskId}", 409),
            ("PUT /v1/review/tasks/{taskId}/labels/mine", 409), ("POST /v1/review/tasks/{taskId}/adjudication", 409), ("DELETE /v1/keys/{keyId}", 404),
        })
        {
            Assert.True(observed.Saw(operation, status), $"the test did not drive {operation} to {status}");
        }

        var undeclared = await observed.UndeclaredAsync(server.Http);
        Assert.True(undeclared.Count == 0, string.Join('\n', undeclared));
    }

    [Fact]
    public async Task Document_declares_the_bearer_key_on_every_operation_that_needs_one_and_no_other()
    {
        var document = await server.GetJsonAsync("openapi/v1.json");

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("assay_key");
        Assert.Equal(("http", "bearer", "assay_<id>_<secret>"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("scheme").GetString(), scheme.GetProperty("bearerFormat").GetString()));
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("responses", out _)))
            {
                var name = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                var secured = operation.Value.TryGetProperty("security", out var security) && security.EnumerateArray().Any(r => r.TryGetProperty("assay_key", out _));
                var responses = operation.Value.GetProperty("responses");
                var isPublic = path.Name is "/v1/schema/interaction.json" or "/healthz" or "/readyz" or "/openapi/v1.json";
                Assert.True(secured != isPublic, $"{name}: security {(secured ? "declared" : "missing")}");
                Assert.True(isPublic || (responses.TryGetProperty("401", out _) && responses.TryGetProperty("403", out _)), $"{name}: no 401 or 403");
            }
        }

        var ingest = document.GetProperty("paths").GetProperty("/v1/interactions").GetProperty("post").GetProperty("responses");
        Assert.True(ingest.GetProperty("503").GetProperty("headers").TryGetProperty("Retry-After", out _), ingest.ToString());
    }
}
