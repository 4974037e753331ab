using Assay.Statistics.Drift;

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

    /// <value>
    /// How Kolmogorov–Smirnov p-values are computed. Default <see cref="KolmogorovSmirnovMethod.Auto"/> (exact up to 10⁶ pairs);
    /// the dashboard's drift chart asks for the asymptotic one, whose cost does not grow with n·m.
    /// </value>
    public KolmogorovSmirnovMethod KsMethod { get; init; } = KolmogorovSmirnovMethod.Auto;

    public static DriftOptions Default { get; } = new();
}
