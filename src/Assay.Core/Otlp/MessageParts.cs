using System.Text;
using System.Text.Json.Nodes;

namespace Assay.Otlp;

/// <summary>Writes the parts of a GenAI semantic-conventions message as text, with reasoning kept apart.</summary>
/// <remarks>
/// Text parts are the message. Tool calls and tool results are written out (name and arguments, or the result) because
/// what a model passed to a tool is audited too. Blobs, URIs and files are written as a short marker naming their type
/// and MIME type: the bytes themselves are dropped. A part of a type the conventions do not define is kept as its
/// <c>content</c> when that is text, else as its JSON.
/// </remarks>
internal static class MessageParts
{
    public static (string Text, string? Reasoning) Render(JsonNode? parts)
    {
        var text = new StringBuilder();
        StringBuilder? reasoning = null;
        if (parts is JsonValue single)
        {
            Append(text, single.ToString());
            return (text.ToString(), null);
        }

        if (parts is not JsonArray array)
            return ("", null);
        foreach (var part in array)
        {
            if (part is not JsonObject obj)
            {
                if (part is JsonValue v)
                    Append(text, v.ToString());
                continue;
            }

            var type = Str(obj["type"]);
            switch (type)
            {
                case "text":
                    Append(text, Str(obj["content"]) ?? Str(obj["text"]));
                    break;
                case "reasoning" or "thinking":
                    Append(reasoning ??= new StringBuilder(), Str(obj["content"]) ?? Str(obj["text"]));
                    break;
                case "tool_call":
                    Append(text, $"[tool_call {Str(obj["name"])}({Json(obj["arguments"])})]");
                    break;
                case "tool_call_response":
                    Append(text, Str(obj["response"]) ?? Json(obj["response"]) ?? Str(obj["result"]) ?? Json(obj["result"]));
                    break;
                case "blob":
                    Append(text, $"[blob {Str(obj["modality"])} {Str(obj["mime_type"])}]".Replace("  ", " ", StringComparison.Ordinal));
                    break;
                case "uri":
                    Append(text, $"[uri {Str(obj["uri"])}]");
                    break;
                case "file":
                    Append(text, $"[file {Str(obj["file_id"])}]");
                    break;
                default:
                    Append(text, Str(obj["content"]) ?? obj.ToJsonString());
                    break;
            }
        }

        return (text.ToString(), reasoning?.ToString());
    }

    public static string? Str(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;

    /// <summary>Arguments arrive as a JSON string or as a structured value; either is written as compact JSON text.</summary>
    public static string? Json(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };

    public static void Append(StringBuilder builder, string? piece)
    {
        if (string.IsNullOrEmpty(piece))
            return;
        if (builder.Length > 0)
            builder.Append('\n');
        builder.Append(piece);
    }
}
