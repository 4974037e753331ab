using Assay.Statistics.Agreement;

namespace Assay.Assurance;

/// <summary>Settings of the agreement and assurance computations; the defaults suit a daily or weekly window.</summary>
public sealed record AssuranceOptions
{
    /// <value>Confidence of every interval. Default 0.95.</value>
    public double Confidence { get; init; } = 0.95;

    /// <value>Bootstrap resamples for agreement intervals. Default 1000.</value>
    public int Resamples { get; init; } = 1000;

    /// <value>Bootstrap seed: the same seed and items always give the same intervals. Default 0.</value>
    public ulong Seed { get; init; }

    /// <value>Items with two or more labels below which agreement is "insufficient data". Default 20.</value>
    public int MinimumAgreementItems { get; init; } = 20;

    /// <value>Taxonomy categories to report even when no label or flag in the window mentions them. Default none.</value>
    public IReadOnlyList<string> Categories { get; init; } = [];

    public static AssuranceOptions Default { get; } = new();

    internal BootstrapOptions Bootstrap => new(Resamples, Confidence, Seed);
}
