namespace Assay.Storage;

/// <summary>One page of a flag query; <see cref="Next"/> is null on the last page.</summary>
public sealed record FlagPage(IReadOnlyList<StoredFlag> Flags, string? Next);
