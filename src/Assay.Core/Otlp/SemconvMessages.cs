using System.Text.Json.Nodes;
using Assay.Domain;
using Assay.Otlp.Proto;

namespace Assay.Otlp;

/// <summary>
/// Reads the current GenAI conventions: <c>gen_ai.system_instructions</c>, <c>gen_ai.input.messages</c> and
/// <c>gen_ai.output.messages</c>, as JSON strings or structured values, on the span or on an event.
/// </summary>
internal static class SemconvMessages
{
    public const string SystemInstructions = "gen_ai.system_instructions";
    public const string InputMessages = "gen_ai.input.messages";
    public const string OutputMessages = "gen_ai.output.messages";

    public static bool Has(IReadOnlyDictionary<string, AnyValue> attributes) =>
        attributes.ContainsKey(InputMessages) || attributes.ContainsKey(OutputMessages) || attributes.ContainsKey(SystemInstructions);

    public static Conversation Read(IReadOnlyDictionary<string, AnyValue> attributes)
    {
        var input = new List<Message>();
        if (attributes.TryGetValue(SystemInstructions, out var system))
        {
            var (text, _) = MessageParts.Render(OtlpValues.Structured(system));
            if (text.Length > 0)
                input.Add(new Message(MessageRole.System, text));
        }

        if (attributes.TryGetValue(InputMessages, out var inputs) && OtlpValues.Structured(inputs) is JsonArray inputArray)
        {
            foreach (var message in inputArray.OfType<JsonObject>())
            {
                var (text, _) = MessageParts.Render(message["parts"] ?? message["content"]);
                input.Add(new Message(Roles.Parse(MessageParts.Str(message["role"])), text));
            }
        }

        var outputs = new List<Answer>();
        if (attributes.TryGetValue(OutputMessages, out var answers) && OtlpValues.Structured(answers) is JsonArray outputArray)
        {
            foreach (var message in outputArray.OfType<JsonObject>())
            {
                var (text, reasoning) = MessageParts.Render(message["parts"] ?? message["content"]);
                outputs.Add(new Answer(text, reasoning));
            }
        }

        return new Conversation(input, outputs);
    }
}
