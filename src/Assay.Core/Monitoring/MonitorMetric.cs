namespace Assay.Monitoring;

/// <summary>What a monitor rule watches.</summary>
public enum MonitorMetric
{
    /// <summary>The share of interactions carrying a flag of one category.</summary>
    FlagRate,

    /// <summary>The mean self-agreement score of interactions that carry samples.</summary>
    SelfAgreement,

    /// <summary>Drift of the interaction features, corrected across features.</summary>
    Drift,

    /// <summary>The number of interactions in the window.</summary>
    Volume,
}
