using Assay.Domain;

namespace Assay.Storage;

/// <summary>A flag with the interaction it belongs to.</summary>
public sealed record StoredFlag(string InteractionId, DateTimeOffset OccurredAt, Flag Flag);
