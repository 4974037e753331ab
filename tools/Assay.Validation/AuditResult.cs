namespace Assay.Validation;

/// <summary>One audit-sample case of section 4: its table row, whether the interval held the truth, and the replay coverage count.</summary>
internal sealed record AuditResult(IReadOnlyList<string> Cells, bool Held, int Covered);
