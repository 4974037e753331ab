namespace Assay.Storage;

/// <summary>Copies every <see cref="PortableTables"/> table from a source into an empty destination, whichever their engines.</summary>
/// <remarks>
/// Rows stream through one at a time, so a database of any size copies in constant memory. The destination is written in
/// one transaction and refused when it holds data: a copy never merges into existing rows.
/// </remarks>
public static class TableCopy
{
    /// <summary>How often, in rows, progress is reported within a table.</summary>
    public const int ProgressEvery = 100_000;

    /// <param name="progress">Called every <see cref="ProgressEvery"/> rows and at the end of each table.</param>
    /// <exception cref="InvalidOperationException">A table's copied count differs from the source's; the destination was not committed.</exception>
    public static async Task<CopyReport> RunAsync(ITableSource source, ITableSink destination, Action<TableCount> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(progress);
        var occupied = new List<TableCount>();
        foreach (var table in PortableTables.All)
        {
            var existing = await destination.CountAsync(table, cancellationToken);
            if (existing > 0)
                occupied.Add(new TableCount(table.Name, 0, existing));
        }

        if (occupied.Count > 0)
            return new CopyReport([], occupied);

        var tables = new List<TableCount>();
        foreach (var table in PortableTables.All)
        {
            var total = await source.CountAsync(table, cancellationToken);
            var copied = await destination.WriteAsync(table, Reported(source.ReadAsync(table, cancellationToken), table.Name, total, progress), cancellationToken);
            var written = await destination.CountAsync(table, cancellationToken);
            if (copied != total || written != total)
                throw new InvalidOperationException($"{table.Name}: the source holds {total} rows but {written} were written; nothing was committed");
            progress(new TableCount(table.Name, total, copied));
            tables.Add(new TableCount(table.Name, total, written));
        }

        await destination.CommitAsync(cancellationToken);
        return new CopyReport(tables, []);
    }

    private static async IAsyncEnumerable<object?[]> Reported(IAsyncEnumerable<object?[]> rows, string table, long total, Action<TableCount> progress)
    {
        long count = 0;
        await foreach (var row in rows)
        {
            yield return row;
            if (++count % ProgressEvery == 0)
                progress(new TableCount(table, total, count));
        }
    }
}
