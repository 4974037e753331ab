namespace Assay.Statistics.ChangeDetection;

/// <summary>A detected change: where in the stream, in which direction, and the statistic that crossed its threshold.</summary>
public sealed record ChangeAlarm(long Index, ChangeDirection Direction, double Statistic);
