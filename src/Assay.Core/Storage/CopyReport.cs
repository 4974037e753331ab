namespace Assay.Storage;

/// <summary>What <see cref="TableCopy"/> did: the rows per table, or, when the destination already held data, the tables that did.</summary>
/// <param name="Occupied">Destination tables that were not empty; when any, nothing was copied.</param>
public sealed record CopyReport(IReadOnlyList<TableCount> Tables, IReadOnlyList<TableCount> Occupied)
{
    public bool Refused => Occupied.Count > 0;
}
