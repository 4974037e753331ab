using Assay.Domain;

namespace Assay.Validation;

/// <summary>One item of simulated production traffic: the interaction, the flags of the rule under test, and the human label.</summary>
internal sealed record AuditItem(Interaction Interaction, IReadOnlyList<Flag> Flags, bool Failure)
{
    public bool Flagged => Flags.Count > 0;
}
