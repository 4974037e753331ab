using System.Text.Json.Nodes;

namespace Assay.Ui.Tests;

/// <summary>Test interactions on the wire.</summary>
internal static class Some
{
    public const string ScriptPayload = "<script>document.title='pwned'</script>";
    public const string ImagePayload = "<img src=x onerror=\"document.title='pwned'\">";

    /// <summary>An interaction the client marks high-risk, so the router always sends it to review.</summary>
    public static JsonObject Critical(string id, string response) => Interaction(id, response, "high");

    public static JsonObject Interaction(string id, string response, string risk = "normal") => new()
    {
        ["id"] = id,
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        ["model"] = "atlas",
        ["input"] = new JsonArray(
            new JsonObject { ["role"] = "system", ["content"] = "You are a helpful assistant." },
            new JsonObject { ["role"] = "user", ["content"] = "Show me an HTML example & explain <b>tags</b>." }),
        ["response"] = response,
        ["reasoning"] = "The user wants markup; quote it literally.",
        ["metadata"] = new JsonObject { ["project"] = UiServer.Project, ["risk"] = risk },
    };
}
