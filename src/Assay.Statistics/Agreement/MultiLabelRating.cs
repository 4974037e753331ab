namespace Assay.Statistics.Agreement;

/// <summary>One rater's answer on one unit where several categories may be ticked (an empty set means "none").</summary>
public sealed record MultiLabelRating(string Unit, string Rater, IReadOnlyCollection<string> Categories);
