using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Assay.Server.Tests;

/// <summary>Test data on the wire: valid interaction JSON that a test changes only where it means to.</summary>
internal static class Some
{
    public static DateTimeOffset Noon { get; } = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    public static string Id(string prefix = "t") => $"{prefix}-{Guid.NewGuid():N}";

    public static JsonObject Interaction(string? id = null, string response = "Paris is the capital of France.",
        string user = "What is the capital of France?", DateTimeOffset? at = null) => new()
        {
            ["id"] = id ?? Id(),
            ["timestamp"] = Rfc3339(at ?? Noon),
            ["model"] = "atlas",
            ["model_version"] = "2026-10-01",
            ["input"] = new JsonArray(
                new JsonObject { ["role"] = "system", ["content"] = "Be brief." },
                new JsonObject { ["role"] = "user", ["content"] = user }),
            ["response"] = response,
            ["reasoning"] = "The user asks about geography.",
            ["samples"] = new JsonArray("Paris."),
            ["metadata"] = new JsonObject { ["project"] = "tests", ["risk"] = "normal", ["tags"] = new JsonObject { ["suite"] = "server", ["n"] = 1 } },
            ["usage"] = new JsonObject { ["input_tokens"] = 12, ["output_tokens"] = 7, ["reasoning_tokens"] = 5 },
            ["latency_ms"] = 250.5,
        };

    /// <summary>A valid interaction changed by <paramref name="change"/>, as JSON text.</summary>
    public static string Changed(Action<JsonObject> change)
    {
        var interaction = Interaction();
        change(interaction);
        return interaction.ToJsonString();
    }

    public static string Ndjson(params IEnumerable<JsonNode> lines) =>
        string.Concat(lines.Select(l => l.ToJsonString() + "\n"));

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static string Rfc3339(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
