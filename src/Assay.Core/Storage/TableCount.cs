namespace Assay.Storage;

/// <summary>How many rows of a table the source holds and how many reached the destination so far.</summary>
public sealed record TableCount(string Table, long Source, long Copied);
