namespace Assay.Statistics.Resampling;

/// <summary>Computes several statistics from one vector of summed unit contributions.</summary>
internal delegate void VectorStatistic(ReadOnlySpan<double> totals, Span<double> results);
