namespace Assay.Cli.Commands.Statistics;

/// <summary>The drift verdict for one column of two CSV files.</summary>
internal sealed record DriftColumnResult(
    string Column,
    string Type,
    string Test,
    double Statistic,
    double PValue,
    double PAdjusted,
    bool Drift,
    int ReferenceCount,
    int CurrentCount,
    double Psi,
    double JensenShannon,
    double Wasserstein,
    string? Note);
