namespace Assay.Audit;

/// <summary>How the audit chain was found broken at its first bad entry.</summary>
public enum AuditBreak
{
    /// <summary>The entry's content no longer hashes to its stored hash.</summary>
    Edited,

    /// <summary>The entry before it is missing: its link names a hash no stored entry has.</summary>
    Deleted,

    /// <summary>Entries that are not part of the chain were put in: a later entry links past them.</summary>
    Inserted,

    /// <summary>Entries are out of order: the entry links to one stored after it.</summary>
    Reordered,
}
