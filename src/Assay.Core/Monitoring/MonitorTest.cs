namespace Assay.Monitoring;

/// <summary>How a monitor rule decides that its metric is out of bounds.</summary>
public enum MonitorTest
{
    /// <summary>The current window's value is above or below a fixed threshold.</summary>
    Threshold,

    /// <summary>The current window differs from the reference window at level alpha (chi-square for rates, KS for scores).</summary>
    Compare,

    /// <summary>A CUSUM chart over the current window's buckets, centred on the reference window's mean.</summary>
    Cusum,

    /// <summary>A Page–Hinkley test over the reference then the current window's buckets.</summary>
    PageHinkley,

    /// <summary>Feature drift (KS or chi-square per feature, Benjamini–Hochberg across them) at level alpha.</summary>
    Drift,
}
