namespace Assay.Routing;

/// <summary>Where an interaction goes for human oversight.</summary>
public enum Tier
{
    /// <summary>Unflagged and not drawn for audit.</summary>
    None,

    /// <summary>Unflagged, drawn at random so that what the rules miss is measured.</summary>
    Audit,

    /// <summary>Flagged by a detector; reviewed at a per-category rate, by priority.</summary>
    Flagged,

    /// <summary>High-risk input or a critical flag: always reviewed.</summary>
    Critical,
}
