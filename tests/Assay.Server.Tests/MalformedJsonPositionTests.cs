using System.Net.Http.Headers;
using System.Text.Json;
using Assay.Review;
using Assay.Server.Tests.Review;

namespace Assay.Server.Tests;

/// <summary>Malformed JSON is reported at one position, counted from one (line and byte), with a plain reason and no .NET tail.</summary>
public sealed class MalformedJsonPositionTests(ReviewAssayServer server) : IClassFixture<ReviewAssayServer>
{
    private const string Reason = "',' is an invalid start of a property name. Expected a '\"'";

    [Fact]
    public async Task Ingest_single_object_names_line_and_byte_of_the_fault()
    {
        var problem = await IngestProblemAsync("{\n  \"id\": \"a\",, \"model\": \"m\"}", "application/json");
        Assert.Equal($"malformed JSON at line 2, byte 13: {Reason}", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Ingest_array_names_line_and_byte_of_the_fault()
    {
        var problem = await IngestProblemAsync("[{\"id\": \"a\"},\n {\"id\": \"b\",, }]", "application/json");
        Assert.Equal($"malformed JSON at line 2, byte 13: {Reason}", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Ingest_ndjson_names_the_body_line_and_the_byte_in_it()
    {
        var problem = await IngestProblemAsync("{\"id\": \"a\",, }\n\n{\"id\": \"b\",, }\n", "application/x-ndjson");
        var details = problem.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("errors")[0].GetProperty("detail").GetString()).ToList();
        Assert.Equal([$"malformed JSON at line 1, byte 12: {Reason}", $"malformed JSON at line 3, byte 12: {Reason}"], details);
    }

    [Fact]
    public async Task Control_plane_body_names_line_and_byte_of_the_fault()
    {
        using var admin = server.Client(await server.KeyAsync(Role.Admin, ReviewAssayServer.Project()));
        using var content = new StringContent("{\"name\": \"k\",, \"role\": \"lead\"}", new MediaTypeHeaderValue("application/json"));
        using var response = await admin.PostAsync(new Uri("v1/keys", UriKind.Relative), content);
        var problem = await ProblemAssert.IsProblemAsync(response, 400, pointer: "");
        Assert.Equal($"malformed JSON at line 1, byte 14: {Reason}", problem.GetProperty("detail").GetString());
    }

    private async Task<JsonElement> IngestProblemAsync(string body, string contentType)
    {
        using var ingest = server.Client(await server.KeyAsync(Role.Ingest, ReviewAssayServer.Project()));
        using var content = new StringContent(body, new MediaTypeHeaderValue(contentType));
        using var response = await ingest.PostAsync(new Uri("v1/interactions", UriKind.Relative), content);
        var problem = await ProblemAssert.IsProblemAsync(response, 400, pointer: "");
        Assert.DoesNotContain("LineNumber", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        return problem;
    }
}
