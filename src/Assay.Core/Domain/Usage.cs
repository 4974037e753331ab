namespace Assay.Domain;

/// <summary>Token counts reported by the client for one model call.</summary>
public sealed record Usage(long? InputTokens, long? OutputTokens, long? ReasoningTokens);
