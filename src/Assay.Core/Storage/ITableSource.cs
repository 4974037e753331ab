namespace Assay.Storage;

/// <summary>A database read for <c>assay copy</c>: the rows of each <see cref="PortableTable"/>, from one consistent snapshot.</summary>
public interface ITableSource : IAsyncDisposable
{
    Task<long> CountAsync(PortableTable table, CancellationToken cancellationToken);

    /// <summary>The table's rows in its order, one value per column (null for SQL NULL), streamed rather than loaded.</summary>
    IAsyncEnumerable<object?[]> ReadAsync(PortableTable table, CancellationToken cancellationToken);
}
