namespace Assay.Monitoring;

/// <summary>What a drift comparison concluded for one feature.</summary>
public enum DriftVerdict
{
    /// <summary>A window had fewer observations than the minimum, so no test was run.</summary>
    InsufficientData,

    /// <summary>No shift detected at the configured false discovery rate.</summary>
    Stable,

    /// <summary>The adjusted p-value is below alpha.</summary>
    Drifted,
}
