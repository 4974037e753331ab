namespace Assay.Statistics.Estimators;

/// <summary>How many failures the detectors catch, estimated from reviewed flags and the audit sample of unflagged traffic.</summary>
/// <param name="Recall">Share of all failures that were flagged.</param>
/// <param name="FalseNegativeRate">Share of all failures that were not flagged: 1 − recall.</param>
/// <param name="EstimatedCaught">Estimated number of failures among flagged traffic.</param>
/// <param name="EstimatedMissed">Estimated number of failures among unflagged traffic.</param>
public sealed record RecallEstimate(Estimate Recall, Estimate FalseNegativeRate, double EstimatedCaught, double EstimatedMissed);
