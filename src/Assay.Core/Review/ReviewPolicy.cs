namespace Assay.Review;

/// <summary>The review part of a policy: how many blind labels a task needs and when labels can be trusted.</summary>
public sealed record ReviewPolicy
{
    /// <value>Independent labels asked for each task. Default 2.</value>
    public int LabelsPerTask { get; init; } = 2;

    /// <value>Share of tasks that ask for <see cref="CalibrationLabels"/> instead, to measure agreement. Default 0.1.</value>
    public double CalibrationShare { get; init; } = 0.1;

    /// <value>Labels asked for a calibration task. Default 3.</value>
    public int CalibrationLabels { get; init; } = 3;

    /// <value>Krippendorff's alpha below which label-based metrics are marked unreliable. Default 0.667.</value>
    public double AgreementThreshold { get; init; } = 0.667;

    public static ReviewPolicy Default { get; } = new();
}
