namespace Assay.Audit;

/// <summary>The outcome of walking an audit chain.</summary>
/// <param name="Entries">How many entries were read.</param>
/// <param name="HeadSeq">The last intact entry's sequence number (0 when none).</param>
/// <param name="HeadHash">The last intact entry's hash (<see cref="AuditChain.Genesis"/> when none).</param>
/// <param name="BrokenSeq">The first broken entry's sequence number as stored, when broken.</param>
/// <param name="Detail">One sentence saying what is wrong, when broken.</param>
public sealed record AuditVerification(long Entries, long HeadSeq, string HeadHash, long? BrokenSeq, AuditBreak? Break, string? Detail)
{
    public bool Intact => Break is null;
}
