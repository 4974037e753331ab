using System.Text;
using Assay.Domain;
using Assay.Otlp.Proto;

namespace Assay.Otlp;

/// <summary>Reads OpenLLMetry's flattened messages (up to 0.54): <c>gen_ai.prompt.{i}.*</c> and <c>gen_ai.completion.{i}.*</c>.</summary>
/// <remarks>A completion's tool calls (<c>tool_calls.{j}.name</c> and <c>.arguments</c>) are written after its text.</remarks>
internal static class OpenLlmetryMessages
{
    private const string Prompt = "gen_ai.prompt";
    private const string Completion = "gen_ai.completion";

    public static bool Has(IReadOnlyDictionary<string, AnyValue> attributes) =>
        attributes.Keys.Any(k => k.StartsWith(Prompt + ".", StringComparison.Ordinal) || k.StartsWith(Completion + ".", StringComparison.Ordinal));

    public static Conversation Read(IReadOnlyDictionary<string, AnyValue> attributes)
    {
        var input = IndexedAttributes.Group(attributes, Prompt).Values
            .Select(m => new Message(Roles.Parse(IndexedAttributes.Text(m, "role")), IndexedAttributes.Text(m, "content") ?? ""))
            .ToList();
        var outputs = new List<Answer>();
        foreach (var members in IndexedAttributes.Group(attributes, Completion).Values)
        {
            var text = new StringBuilder();
            MessageParts.Append(text, IndexedAttributes.Text(members, "content"));
            foreach (var call in IndexedAttributes.Group(members, "tool_calls").Values)
                MessageParts.Append(text, $"[tool_call {IndexedAttributes.Text(call, "name")}({IndexedAttributes.Text(call, "arguments")})]");
            outputs.Add(new Answer(text.ToString(), IndexedAttributes.Text(members, "reasoning")));
        }

        return new Conversation(input, outputs);
    }
}
