using Assay.Domain;

namespace Assay.Otlp;

/// <summary>The messages read from one GenAI span, in Assay's terms: what was sent and each answer (choice).</summary>
/// <param name="Input">The messages sent to the model, system instructions first.</param>
/// <param name="Outputs">One entry per choice; the first is the response, the others become samples.</param>
public sealed record Conversation(IReadOnlyList<Message> Input, IReadOnlyList<Answer> Outputs)
{
    public static Conversation Empty { get; } = new([], []);

    public bool HasContent => Input.Count > 0 || Outputs.Count > 0;
}

/// <summary>One choice of the model: its text (tool calls written out) and its reasoning, if it exposed any.</summary>
public sealed record Answer(string Text, string? Reasoning);
