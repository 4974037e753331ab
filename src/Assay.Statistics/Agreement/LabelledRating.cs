namespace Assay.Statistics.Agreement;

/// <summary>One rater's categorical label for one unit, as stored by a review tool.</summary>
public sealed record LabelledRating(string Unit, string Rater, string Label);
