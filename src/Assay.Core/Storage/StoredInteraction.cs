using Assay.Domain;

namespace Assay.Storage;

/// <summary>An interaction as the store holds it, with its place in the log.</summary>
/// <param name="Sequence">Monotonic position in the store's append log.</param>
/// <param name="ReceivedAt">When the store committed it.</param>
/// <param name="ProcessedPolicy">Hash of the policy the pipeline last processed it with; null until processed.</param>
public sealed record StoredInteraction(
    long Sequence,
    Interaction Interaction,
    string ContentHash,
    DateTimeOffset ReceivedAt,
    string? ProcessedPolicy);
