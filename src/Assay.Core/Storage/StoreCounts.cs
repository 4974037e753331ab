namespace Assay.Storage;

/// <summary>Totals of what a store holds.</summary>
public sealed record StoreCounts(long Interactions, long Processed, long Flags);
