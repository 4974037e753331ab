using Assay.Domain;

namespace Assay.Storage;

/// <summary>A stored interaction together with the flags the pipeline raised on it and its self-agreement scores.</summary>
/// <param name="SelfAgreement">Its stored scores: at most one from the client's samples and one from samples Assay drew.</param>
public sealed record InteractionRecord(StoredInteraction Stored, IReadOnlyList<Flag> Flags, IReadOnlyList<SelfAgreementRecord> SelfAgreement);
