using System.Text.Json.Serialization;

namespace Assay.Client;

/// <summary>
/// One model call as Assay's ingest API takes it (docs/INTERACTIONS.md; <c>GET /v1/schema/interaction.json</c>). The
/// client's own copy of the wire format, so an application needs nothing of the server.
/// </summary>
/// <param name="Id">Idempotency key, 1–256 characters: sending the same id again with the same content stores nothing new.</param>
/// <param name="Model">Model name; required by the server.</param>
/// <param name="Input">The messages sent to the model, 1–256 of them.</param>
/// <param name="Response">The final answer (may be empty).</param>
public sealed record AssayInteraction(string Id, string Model, IReadOnlyList<AssayMessage> Input, string Response)
{
    /// <summary>When the model was called; the server uses its commit time when absent.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    [JsonPropertyName("model_version")]
    public string? ModelVersion { get; init; }

    /// <summary>The chain of thought, when the model exposes one.</summary>
    public string? Reasoning { get; init; }

    /// <summary>Further answers to the same input, for self-consistency checks (at most 64).</summary>
    public IReadOnlyList<string>? Samples { get; init; }

    public AssayMetadata? Metadata { get; init; }

    public AssayUsage? Usage { get; init; }

    [JsonPropertyName("latency_ms")]
    public double? LatencyMs { get; init; }
}

/// <summary>A message of the input; <paramref name="Role"/> is <c>system</c>, <c>user</c>, <c>assistant</c> or <c>tool</c>.</summary>
public sealed record AssayMessage(string Role, string Content);

/// <summary>Where the call came from. <see cref="Risk"/> <c>"high"</c> sends the interaction to mandatory human review.</summary>
public sealed record AssayMetadata
{
    public string? Project { get; init; }

    [JsonPropertyName("user_id")]
    public string? UserId { get; init; }

    [JsonPropertyName("session_id")]
    public string? SessionId { get; init; }

    public string? Risk { get; init; }

    /// <summary>Free-form tags (at most 64); the server refuses unknown metadata fields, so custom data goes here.</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
}

/// <summary>Token counts of the call.</summary>
public sealed record AssayUsage
{
    [JsonPropertyName("input_tokens")]
    public long? InputTokens { get; init; }

    [JsonPropertyName("output_tokens")]
    public long? OutputTokens { get; init; }

    [JsonPropertyName("reasoning_tokens")]
    public long? ReasoningTokens { get; init; }
}

/// <summary>Source-generated serialization: no reflection on the caller's hot path, and trimming-safe.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(AssayInteraction))]
[JsonSerializable(typeof(IngestAnswer))]
internal sealed partial class AssayJsonContext : JsonSerializerContext;

/// <summary>The part of a bulk ingest answer the client counts.</summary>
internal sealed record IngestAnswer(int Accepted, int Duplicate, int Rejected, int Conflict);
