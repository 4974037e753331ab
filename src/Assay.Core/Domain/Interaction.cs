namespace Assay.Domain;

/// <summary>One model call as observed: what was asked, what was answered, and how.</summary>
/// <remarks>
/// <see cref="Id"/> is chosen by the client and makes ingest idempotent.
/// <see cref="Samples"/> are further answers to the same input, for self-consistency checks.
/// </remarks>
public sealed record Interaction(
    string Id,
    DateTimeOffset? Timestamp,
    string Model,
    string? ModelVersion,
    IReadOnlyList<Message> Input,
    string Response,
    string? Reasoning,
    IReadOnlyList<string> Samples,
    InteractionMetadata Metadata,
    Usage? Usage,
    double? LatencyMs)
{
    /// <summary>The model and version as one key, <c>model@version</c> (<c>unknown</c> when no version was sent): what monitors and charts group by.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string ModelKey => $"{Model}@{ModelVersion ?? "unknown"}";
}
