using Assay.Audit;

namespace Assay.Policy;

/// <summary>One uploaded policy text, known by its hash, with every time it was made the running policy.</summary>
/// <param name="Id">The upload's order (1 for the first version stored); the list's cursor.</param>
/// <param name="Source">Where the text came from: a file name, or the name an uploader gave.</param>
/// <param name="Activations">Oldest first.</param>
public sealed record PolicyVersion(long Id, string Hash, string Source, DateTimeOffset UploadedAt, AuditActor UploadedBy,
    IReadOnlyList<PolicyActivation> Activations);

/// <summary>A policy version made the running one: by whom and when. The latest activation is the one every node runs.</summary>
/// <param name="Id">Activations are numbered in the order they were made; the highest is in force.</param>
public sealed record PolicyActivation(long Id, string Hash, DateTimeOffset ActivatedAt, AuditActor ActivatedBy);
