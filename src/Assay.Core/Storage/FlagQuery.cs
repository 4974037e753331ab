using Assay.Domain;

namespace Assay.Storage;

/// <summary>A filter over stored flags, read page by page in the order they were stored.</summary>
/// <param name="After">Opaque cursor from the previous page; null for the first page.</param>
/// <param name="From">Inclusive lower bound on the interaction's time.</param>
/// <param name="To">Exclusive upper bound on the interaction's time.</param>
/// <param name="MinSeverity">Keep flags at least this severe.</param>
/// <param name="Project">Keep flags of this project's interactions only; null for every project.</param>
public sealed record FlagQuery(
    string? Category = null,
    string? Rule = null,
    Severity? MinSeverity = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? After = null,
    int Limit = 100,
    string? Project = null);
