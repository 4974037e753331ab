namespace Assay.Cli.Commands.Statistics;

/// <summary>One line of a long-format ratings file: a rater's value for an item, and where it came from.</summary>
internal sealed record RatingRecord(int Line, string Item, string Rater, string Value);
