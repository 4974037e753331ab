namespace Assay.Storage;

/// <summary>A table that moves between engines unchanged: its name and the columns copied, in order.</summary>
/// <param name="Columns">The columns copied, named explicitly so that a column added later (transient state such as a lease) is left out rather than breaking the copy.</param>
/// <param name="OrderBy">The columns that give the rows' order, oldest first; an engine may add its own tie-breaker.</param>
/// <param name="Identity">The column the database numbers itself, copied as it is and then moved past; null when none is copied.</param>
public sealed record PortableTable(string Name, IReadOnlyList<string> Columns, IReadOnlyList<string> OrderBy, string? Identity = null);
