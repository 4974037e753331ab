using Assay.Audit;

namespace Assay.Storage;

/// <summary>One page of audit entries, and the cursor of the next page when there is one.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, string? Next);
