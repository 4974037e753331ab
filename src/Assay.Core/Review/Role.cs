namespace Assay.Review;

/// <summary>What an API key may do.</summary>
public enum Role
{
    /// <summary>Send interactions.</summary>
    Ingest,

    /// <summary>Label review tasks, blind.</summary>
    Reviewer,

    /// <summary>Review, see every label, adjudicate disagreements.</summary>
    Lead,

    /// <summary>Everything, including managing keys.</summary>
    Admin,
}
