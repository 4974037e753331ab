namespace Assay.Storage;

/// <summary>One page of an interaction query, newest first; <see cref="Next"/> is null on the last page.</summary>
public sealed record InteractionPage(IReadOnlyList<ListedInteraction> Items, string? Next);
