using Assay.Domain;

namespace Assay.Validation;

/// <summary>Builds the <see cref="Interaction"/> a dataset row stands for: one user message and the model's answer.</summary>
internal static class Interactions
{
    public static Interaction Of(string id, string prompt, string response, string? modelVersion = null) => new(
        id,
        Timestamp: null,
        Model: "dataset",
        modelVersion,
        prompt.Length == 0 ? [] : [new Message(MessageRole.User, prompt)],
        response,
        Reasoning: null,
        Samples: [],
        InteractionMetadata.Empty,
        Usage: null,
        LatencyMs: null);
}
