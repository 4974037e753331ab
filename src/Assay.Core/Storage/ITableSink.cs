namespace Assay.Storage;

/// <summary>A migrated database written by <c>assay copy</c> inside one transaction: nothing is visible until <see cref="CommitAsync"/>.</summary>
/// <remarks>Disposing without committing rolls everything back, so a failed copy leaves the destination as empty as it was.</remarks>
public interface ITableSink : IAsyncDisposable
{
    /// <summary>The rows the table holds, as this transaction sees them.</summary>
    Task<long> CountAsync(PortableTable table, CancellationToken cancellationToken);

    /// <summary>Writes every row, ids included, in the order given; returns how many were written.</summary>
    Task<long> WriteAsync(PortableTable table, IAsyncEnumerable<object?[]> rows, CancellationToken cancellationToken);

    /// <summary>Moves the numbering of identity columns past the copied ids, then commits.</summary>
    Task CommitAsync(CancellationToken cancellationToken);
}
