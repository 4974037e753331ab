using System.Net;
using System.Text.Json;

namespace Assay.Server.Tests;

/// <summary>The documents a server serves: readiness, the interaction schema, the OpenAPI description.</summary>
public sealed class DocumentEndpointTests(AssayTestServer server) : IClassFixture<AssayTestServer>
{
    [Fact]
    public async Task Get_healthz_is_ok()
    {
        var health = await server.GetJsonAsync("healthz");

        Assert.Equal("ok", health.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Get_schema_serves_the_interaction_json_schema()
    {
        using var response = await server.Http.GetAsync(new Uri("v1/schema/interaction.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/schema+json", response.Content.Headers.ContentType?.MediaType);
        var schema = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());
        Assert.Equal(["id", "input", "model", "response"], schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()).Order(StringComparer.Ordinal));
        Assert.False(schema.GetProperty("additionalProperties").GetBoolean());
        Assert.True(schema.GetProperty("properties").TryGetProperty("latency_ms", out _));
    }

    [Fact]
    public async Task Get_openapi_describes_the_ingest_and_query_endpoints()
    {
        var document = await server.GetJsonAsync("openapi/v1.json");

        var paths = document.GetProperty("paths");
        Assert.True(paths.GetProperty("/v1/interactions").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/v1/interactions/{id}").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/v1/flags").TryGetProperty("get", out _));
        var bodyTypes = paths.GetProperty("/v1/interactions").GetProperty("post").GetProperty("requestBody").GetProperty("content")
            .EnumerateObject().Select(c => c.Name);
        Assert.Equal(["application/json", "application/x-ndjson"], bodyTypes.Order(StringComparer.Ordinal));
    }
}
