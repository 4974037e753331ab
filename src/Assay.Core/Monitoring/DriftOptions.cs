namespace Assay.Monitoring;

/// <summary>Settings of a drift comparison; each default is on its property.</summary>
public sealed record DriftOptions
{
    /// <value>False discovery rate at which a feature is called drifted, after Benjamini–Hochberg. Default 0.05.</value>
    public double Alpha { get; init; } = 0.05;

    /// <value>Observations each window needs before a feature gets a verdict. Default 50.</value>
    public int MinSamples { get; init; } = 50;

    /// <value>Reference-quantile bins for the PSI and Jensen–Shannon effect sizes of numeric features. Default 10.</value>
    public int Bins { get; init; } = 10;

    public static DriftOptions Default { get; } = new();
}
