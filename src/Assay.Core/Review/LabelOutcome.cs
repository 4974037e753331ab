namespace Assay.Review;

/// <summary>What happened when a label was submitted.</summary>
public enum LabelOutcome
{
    /// <summary>Stored; the task still needs more labels.</summary>
    Stored,

    /// <summary>Stored, and it completed the task: the labels agree.</summary>
    Agreed,

    /// <summary>Stored, and it completed the task: the labels disagree, so it goes to a lead.</summary>
    Disagreed,

    /// <summary>Refused: this reviewer already labelled the task (revise instead).</summary>
    AlreadyLabelled,

    /// <summary>Refused: the task is closed or waits for adjudication.</summary>
    Closed,

    /// <summary>Refused: no such task in the key's project.</summary>
    NotFound,

    /// <summary>Refused: a revision was asked for, but this reviewer has no label on the task.</summary>
    NothingToRevise,
}
