using System.Text.Json;
using System.Text.Json.Nodes;

namespace Assay.Server.Tests.Security;

/// <summary>A POST or PUT operation of the served OpenAPI document, with an example body built from its request schema.</summary>
/// <param name="Example">A body shaped like the request schema, or null when the operation documents none.</param>
public sealed record FuzzEndpoint(string Method, string Template, JsonNode? Example)
{
    /// <summary>Every POST, PUT and PATCH operation in <paramref name="document"/>, in document order.</summary>
    public static IReadOnlyList<FuzzEndpoint> FromOpenApi(JsonElement document)
    {
        var endpoints = new List<FuzzEndpoint>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                if (operation.Name is not ("post" or "put" or "patch"))
                    continue;
                JsonNode? example = null;
                if (operation.Value.TryGetProperty("requestBody", out var body)
                    && body.TryGetProperty("content", out var content)
                    && content.TryGetProperty("application/json", out var json)
                    && json.TryGetProperty("schema", out var schema))
                {
                    example = ExampleOf(document, schema, depth: 0);
                }

                endpoints.Add(new FuzzEndpoint(operation.Name.ToUpperInvariant(), path.Name, example));
            }
        }

        return endpoints;
    }

    /// <summary>A value of <paramref name="schema"/>: the first enum member, or a plain value of its type; objects get every property.</summary>
    private static JsonNode? ExampleOf(JsonElement document, JsonElement schema, int depth)
    {
        if (depth > 6)
            return null;
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            return document.GetProperty("components").GetProperty("schemas").TryGetProperty(name, out var target)
                ? ExampleOf(document, target, depth + 1)
                : null;
        }

        if (schema.TryGetProperty("enum", out var members) && members.GetArrayLength() > 0)
            return JsonNode.Parse(members[0].GetRawText());
        var type = schema.TryGetProperty("type", out var t)
            ? t.ValueKind == JsonValueKind.Array ? t.EnumerateArray().Select(e => e.GetString()).FirstOrDefault(s => s != "null") : t.GetString()
            : schema.TryGetProperty("properties", out _) ? "object" : null;
        switch (type)
        {
            case "object":
                var obj = new JsonObject();
                if (schema.TryGetProperty("properties", out var properties))
                {
                    foreach (var property in properties.EnumerateObject())
                        obj[property.Name] = ExampleOf(document, property.Value, depth + 1);
                }

                return obj;
            case "array":
                return schema.TryGetProperty("items", out var items) ? new JsonArray(ExampleOf(document, items, depth + 1)) : new JsonArray();
            case "string":
                return JsonValue.Create(schema.TryGetProperty("format", out var f) && f.GetString() == "date-time" ? "2027-01-31T00:00:00Z" : "x");
            case "integer":
                return JsonValue.Create(1);
            case "number":
                return JsonValue.Create(1.5);
            case "boolean":
                return JsonValue.Create(true);
            default:
                return null;
        }
    }
}
