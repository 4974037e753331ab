using System.Text;
using Assay.Domain;
using Assay.Otlp.Proto;

namespace Assay.Otlp;

/// <summary>Reads OpenInference's flattened messages: <c>llm.input_messages.{i}.message.*</c> and <c>llm.output_messages.{i}.message.*</c>.</summary>
/// <remarks>
/// A message is its <c>message.content</c>, or else its <c>message.contents.{j}.message_content.*</c>: text parts are the
/// text, parts of type <c>reasoning</c> (or <c>thinking</c>) its reasoning, images written as <c>[image url]</c>. Tool calls
/// (<c>message.tool_calls.{k}.tool_call.function.*</c>) are written after the text.
/// </remarks>
internal static class OpenInferenceMessages
{
    public const string SpanKind = "openinference.span.kind";
    private const string InputMessages = "llm.input_messages";
    private const string OutputMessages = "llm.output_messages";

    public static bool Has(IReadOnlyDictionary<string, AnyValue> attributes) =>
        attributes.Keys.Any(k => k.StartsWith(InputMessages + ".", StringComparison.Ordinal) || k.StartsWith(OutputMessages + ".", StringComparison.Ordinal));

    public static Conversation Read(IReadOnlyDictionary<string, AnyValue> attributes)
    {
        var input = IndexedAttributes.Group(attributes, InputMessages).Values
            .Select(m =>
            {
                var (text, _) = Render(m);
                return new Message(Roles.Parse(IndexedAttributes.Text(m, "message.role")), text);
            })
            .ToList();
        var outputs = IndexedAttributes.Group(attributes, OutputMessages).Values
            .Select(m =>
            {
                var (text, reasoning) = Render(m);
                return new Answer(text, reasoning);
            })
            .ToList();
        return new Conversation(input, outputs);
    }

    private static (string Text, string? Reasoning) Render(Dictionary<string, AnyValue> message)
    {
        var text = new StringBuilder();
        StringBuilder? reasoning = null;
        MessageParts.Append(text, IndexedAttributes.Text(message, "message.content"));
        foreach (var part in IndexedAttributes.Group(message, "message.contents").Values)
        {
            var piece = IndexedAttributes.Text(part, "message_content.text");
            switch (IndexedAttributes.Text(part, "message_content.type"))
            {
                case "reasoning" or "thinking":
                    MessageParts.Append(reasoning ??= new StringBuilder(), piece);
                    break;
                case "image":
                    MessageParts.Append(text, $"[image {IndexedAttributes.Text(part, "message_content.image.image.url")}]");
                    break;
                default:
                    MessageParts.Append(text, piece);
                    break;
            }
        }

        foreach (var call in IndexedAttributes.Group(message, "message.tool_calls").Values)
            MessageParts.Append(text, $"[tool_call {IndexedAttributes.Text(call, "tool_call.function.name")}({IndexedAttributes.Text(call, "tool_call.function.arguments")})]");
        return (text.ToString(), reasoning?.ToString());
    }
}
