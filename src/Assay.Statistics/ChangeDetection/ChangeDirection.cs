namespace Assay.Statistics.ChangeDetection;

/// <summary>Which way a stream moved.</summary>
public enum ChangeDirection
{
    /// <summary>The mean went up (e.g. more flags).</summary>
    Increase,

    /// <summary>The mean went down (e.g. lower self-agreement).</summary>
    Decrease,
}
