namespace Assay.Assurance;

/// <summary>Whether the labels behind a metric agree well enough for the metric to be trusted.</summary>
public enum ReliabilityStatus
{
    /// <summary>Alpha is at or above the policy's threshold on enough items.</summary>
    Reliable,

    /// <summary>Alpha is below the policy's threshold: reviewers disagree too often for the labels to be trusted.</summary>
    Unreliable,

    /// <summary>Too few items were labelled twice, or alpha is undefined (no variation): agreement is unknown.</summary>
    InsufficientData,
}
