using Assay.Domain;

namespace Assay.Storage;

/// <summary>A stored interaction together with the flags the pipeline raised on it.</summary>
public sealed record InteractionRecord(StoredInteraction Stored, IReadOnlyList<Flag> Flags);
