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

    private static List<string> Types(JsonElement schema) => !schema.TryGetProperty("type", out var type) ? []
        : type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!];
}
