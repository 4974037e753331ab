namespace Assay.Statistics.Drift;

/// <summary>Counts of a categorical variable in a reference and a current sample, over the union of their categories.</summary>
public sealed record ContingencyTable(IReadOnlyList<string> Categories, IReadOnlyList<long> Reference, IReadOnlyList<long> Current)
{
    /// <summary>Counts the values of two samples; categories are ordered by ordinal string comparison.</summary>
    public static ContingencyTable FromValues(IEnumerable<string> reference, IEnumerable<string> current)
    {
        var counts = new SortedDictionary<string, (long Reference, long Current)>(StringComparer.Ordinal);
        foreach (var value in reference)
        {
            counts[value] = counts.TryGetValue(value, out var c) ? (c.Reference + 1, c.Current) : (1, 0);
        }

        foreach (var value in current)
        {
            counts[value] = counts.TryGetValue(value, out var c) ? (c.Reference, c.Current + 1) : (0, 1);
        }

        return new ContingencyTable(
            [.. counts.Keys],
            [.. counts.Values.Select(c => c.Reference)],
            [.. counts.Values.Select(c => c.Current)]);
    }
}
