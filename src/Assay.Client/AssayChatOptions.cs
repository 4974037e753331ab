using Microsoft.Extensions.AI;

namespace Assay.Client;

/// <summary>What <c>UseAssay</c> adds to each captured call, and which calls it sends.</summary>
public sealed record AssayChatOptions
{
    /// <summary>The project the interactions belong to (<c>metadata.project</c>); a project-scoped ingest key must match it.</summary>
    public string? Project { get; init; }

    /// <summary>The model's version or deployment (<c>model_version</c>), which drift and version comparisons group by.</summary>
    public string? ModelVersion { get; init; }

    /// <summary>
    /// Marks a call's risk (<c>metadata.risk</c>) from its messages and options: return <c>"high"</c> for calls that must
    /// be reviewed by a human (Assay routes them to mandatory review), or null. High-risk calls are always sent,
    /// whatever <see cref="Share"/> says.
    /// </summary>
    public Func<IReadOnlyList<ChatMessage>, ChatOptions?, string?>? RiskSelector { get; init; }

    /// <summary>The share of calls sent, 0–1 (1: every call). Chosen at random per call, so the sample stays unbiased.</summary>
    public double Share { get; init; } = 1.0;

    /// <summary>Tags added to every interaction (<c>metadata.tags</c>).</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
}
