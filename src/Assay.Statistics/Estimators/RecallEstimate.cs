namespace Assay.Statistics.Estimators;

/// <summary>How many failures the detectors catch, estimated from reviewed flags and the audit sample of unflagged traffic.</summary>
/// <param name="Recall">Share of all failures that were flagged.</param>
/// <param name="FalseNegativeRate">Share of all failures that were not flagged: 1 − recall.</param>
/// <param name="EstimatedCaught">Estimated number of failures among flagged traffic.</param>
/// <param name="EstimatedMissed">Estimated number of failures among unflagged traffic.</param>
public sealed record RecallEstimate(Estimate Recall, Estimate FalseNegativeRate, double EstimatedCaught, double EstimatedMissed)
{
    /// <summary>Recall with the conservative (Bonferroni, extremes of two Wilson intervals) interval, whichever interval <see cref="Recall"/> has.</summary>
    public Estimate? Conservative { get; init; }
}

/// <summary>Which interval a recall (and false-negative rate) estimate carries.</summary>
public enum RecallInterval
{
    /// <summary>Percentiles over draws from each stratum's Jeffreys beta posterior: near-nominal coverage (the default).</summary>
    Posterior,

    /// <summary>The two strata's Wilson intervals at 1 − α/2 each, combined at their extremes: covers more, much wider.</summary>
    Conservative,
}
