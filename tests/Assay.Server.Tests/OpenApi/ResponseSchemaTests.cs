using System.Text.Json;

namespace Assay.Server.Tests.OpenApi;

/// <summary>What the OpenAPI document says each operation answers on success, checked over the document the server serves.</summary>
public sealed class ResponseSchemaTests(AssayTestServer server) : IClassFixture<AssayTestServer>
{
    [Fact]
    public async Task No_operation_answers_a_bare_json_array()
    {
        var document = await server.GetJsonAsync("openapi/v1.json");

        var arrays = Successes(document)
            .SelectMany(s => s.Content.EnumerateObject().Select(m => (s.Name, Media: m.Name, Schema: Resolve(document, m.Value))))
            .Where(s => s.Schema.ValueKind == JsonValueKind.Object && Types(s.Schema).Contains("array"))
            .Select(s => $"{s.Name} answers a bare array as {s.Media}")
            .ToList();

        Assert.True(arrays.Count == 0, string.Join('\n', arrays));
        Assert.Contains(Successes(document), s => s.Name == "GET /v1/review/tasks/{taskId}/labels 200");
    }

    [Fact]
    public async Task Every_success_response_declares_a_body_schema()
    {
        var document = await server.GetJsonAsync("openapi/v1.json");
        // 204 has no body by definition. OTLP/HTTP answers an opentelemetry-proto Export*ServiceResponse as protobuf (or its
        // JSON mapping), defined by the OTLP specification rather than by a schema of ours; those two are exempt.
        string[] otlp = ["POST /v1/traces 200", "POST /v1/logs 200"];

        var successes = Successes(document).Where(s => s.Status != "204" && !otlp.Contains(s.Name)).ToList();
        var bare = successes
            .Where(s => !s.Content.EnumerateObject().Any() || s.Content.EnumerateObject().Any(m => !Declared(document, m.Value)))
            .Select(s => $"{s.Name} declares no body schema: {s.Content}")
            .ToList();

        Assert.True(bare.Count == 0, string.Join('\n', bare));
        Assert.Contains(successes, s => s.Name == "GET /v1/review/queue 200");
        Assert.Contains(successes, s => s.Name == "GET /v1/dashboard/{chart}.svg 200");
        Assert.True(successes.Count >= 25, $"only {successes.Count} success responses in the document");
    }

    /// <summary>Every 2xx response of every operation with its name ("GET /path status") and its content (an empty object when none).</summary>
    private static IEnumerable<(string Name, string Status, JsonElement Content)> Successes(JsonElement document)
    {
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("responses", out _)))
            {
                foreach (var response in operation.Value.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('2')))
                {
                    var content = response.Value.TryGetProperty("content", out var c) ? c : JsonDocument.Parse("{}").RootElement;
                    yield return ($"{operation.Name.ToUpperInvariant()} {path.Name} {response.Name}", response.Name, content);
                }
            }
        }
    }

    /// <summary>The schema of a media type, following a <c>$ref</c> into <c>components/schemas</c>; undefined when there is none.</summary>
    private static JsonElement Resolve(JsonElement document, JsonElement media)
    {
        if (!media.TryGetProperty("schema", out var schema))
            return default;
        while (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            schema = document.GetProperty("components").GetProperty("schemas").GetProperty(name);
        }

        return schema;
    }

    /// <summary>Whether a media type has a schema that says something: a type, a reference, or properties.</summary>
    private static bool Declared(JsonElement document, JsonElement media) =>
        Resolve(document, media) is { ValueKind: JsonValueKind.Object } schema
        && (Types(schema).Count > 0 || schema.TryGetProperty("properties", out _) || schema.TryGetProperty("anyOf", out _) || schema.TryGetProperty("oneOf", out _));

    private static List<string> Types(JsonElement schema) => !schema.TryGetProperty("type", out var type) ? []
        : type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!];
}
