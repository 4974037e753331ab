namespace Assay.Monitoring;

/// <summary>What one evaluation of a rule found.</summary>
public enum MonitorCondition
{
    /// <summary>A window had fewer observations than the rule's minimum; alerts are left as they were.</summary>
    InsufficientData,

    /// <summary>The metric is within bounds.</summary>
    Clear,

    /// <summary>The metric is out of bounds.</summary>
    Breached,
}
