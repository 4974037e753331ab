using System.Text;
using System.Text.Json.Nodes;
using Assay.Domain;

namespace Assay.Otlp;

/// <summary>
/// Reads the deprecated per-message events (<c>gen_ai.system.message</c>, <c>gen_ai.user.message</c>,
/// <c>gen_ai.assistant.message</c>, <c>gen_ai.tool.message</c>, <c>gen_ai.choice</c>) and the older
/// <c>gen_ai.content.prompt</c> / <c>gen_ai.content.completion</c> span events.
/// </summary>
/// <remarks>
/// The payload is the log record's body when there is one, else the event's own attributes, else a JSON object in the
/// <c>gen_ai.event.content</c> attribute; all three are in use. Choices are ordered by their <c>index</c>.
/// </remarks>
internal static class MessageEvents
{
    private static readonly Dictionary<string, MessageRole> s_messageEvents = new(StringComparer.Ordinal)
    {
        ["gen_ai.system.message"] = MessageRole.System,
        ["gen_ai.user.message"] = MessageRole.User,
        ["gen_ai.assistant.message"] = MessageRole.Assistant,
        ["gen_ai.tool.message"] = MessageRole.Tool,
    };

    public static bool IsMessageEvent(string name) =>
        s_messageEvents.ContainsKey(name) || name is "gen_ai.choice" or "gen_ai.content.prompt" or "gen_ai.content.completion";

    public static Conversation Read(IEnumerable<TelemetryEvent> events)
    {
        var input = new List<Message>();
        var choices = new List<(long Index, Answer Answer)>();
        foreach (var e in events.OrderBy(e => e.TimeUnixNano))
        {
            if (s_messageEvents.TryGetValue(e.Name, out var role))
            {
                var payload = Payload(e);
                var (text, _) = Render(payload);
                input.Add(new Message(payload["role"] is { } r ? Roles.Parse(MessageParts.Str(r)) : role, text));
            }
            else if (e.Name == "gen_ai.choice")
            {
                var payload = Payload(e);
                var message = payload["message"] as JsonObject ?? payload;
                var (text, reasoning) = Render(message);
                var index = payload["index"] is JsonValue i && i.TryGetValue<long>(out var n) ? n : choices.Count;
                choices.Add((index, new Answer(text, reasoning)));
            }
            else if (e.Name == "gen_ai.content.prompt" && OtlpValues.Structured(e.Attributes.GetValueOrDefault("gen_ai.prompt")) is JsonArray prompt)
            {
                foreach (var message in prompt.OfType<JsonObject>())
                    input.Add(new Message(Roles.Parse(MessageParts.Str(message["role"])), Render(message).Text));
            }
            else if (e.Name == "gen_ai.content.completion" && OtlpValues.Structured(e.Attributes.GetValueOrDefault("gen_ai.completion")) is JsonArray completion)
            {
                foreach (var message in completion.OfType<JsonObject>())
                    choices.Add((choices.Count, Answer(Render(message))));
            }
        }

        return new Conversation(input, choices.OrderBy(c => c.Index).Select(c => c.Answer).ToList());
    }

    private static Answer Answer((string Text, string? Reasoning) rendered) => new(rendered.Text, rendered.Reasoning);

    private static JsonObject Payload(TelemetryEvent e)
    {
        if (OtlpValues.Structured(e.Body) is JsonObject body)
            return body;
        if (OtlpValues.Structured(e.Attributes.GetValueOrDefault("gen_ai.event.content")) is JsonObject content)
            return content;
        var result = new JsonObject();
        foreach (var (key, value) in e.Attributes)
            result[key] = OtlpValues.Structured(value);
        if (OtlpValues.Text(e.Body) is { } text)
            result["content"] = text;
        return result;
    }

    /// <summary>A message's content (text or parts), then its tool calls; a tool message's result is its content.</summary>
    private static (string Text, string? Reasoning) Render(JsonObject message)
    {
        var (content, reasoning) = MessageParts.Render(message["content"] ?? message["parts"]);
        var text = new StringBuilder(content);
        if (message["tool_calls"] is JsonArray calls)
        {
            foreach (var call in calls.OfType<JsonObject>())
            {
                var function = call["function"] as JsonObject ?? call;
                MessageParts.Append(text, $"[tool_call {MessageParts.Str(function["name"])}({MessageParts.Json(function["arguments"])})]");
            }
        }

        return (text.ToString(), reasoning ?? MessageParts.Str(message["reasoning_content"]) ?? MessageParts.Str(message["reasoning"]));
    }
}
