namespace Assay.Storage;

/// <summary>A stored self-agreement score with the interaction it belongs to.</summary>
/// <param name="InteractionId">The interaction's id.</param>
/// <param name="OccurredAt">The interaction's time.</param>
/// <param name="Project">The interaction's project, if any.</param>
/// <param name="Record">The score.</param>
public sealed record StoredSelfAgreement(string InteractionId, DateTimeOffset OccurredAt, string? Project, SelfAgreementRecord Record);
