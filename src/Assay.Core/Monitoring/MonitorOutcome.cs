namespace Assay.Monitoring;

/// <summary>The measurement of one rule over one key's windows.</summary>
/// <param name="Condition">Whether the metric was out of bounds, within them, or not measurable.</param>
/// <param name="Value">The current window's metric value (rate, mean score, count, or smallest adjusted p-value for drift).</param>
/// <param name="ReferenceCount">Observations in the reference window.</param>
/// <param name="CurrentCount">Observations in the current window.</param>
/// <param name="Detail">One sentence on how the decision was reached: the statistics.</param>
/// <param name="Change">What changed, in plain words and with the numbers a reader needs (e.g. "the over-refusal rate rose from 4.1% to 15.2%"); null when there is nothing to say.</param>
public sealed record MonitorOutcome(MonitorCondition Condition, double Value, int ReferenceCount, int CurrentCount, string Detail, string? Change = null);
