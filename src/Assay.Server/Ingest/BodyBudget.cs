namespace Assay.Server.Ingest;

/// <summary>Bounds the bytes of request bodies being read and parsed at once, so overload cannot exhaust memory.</summary>
/// <remarks>
/// Together with the bound on interactions waiting for a commit, this caps ingest memory whatever
/// the number of clients: past either bound a request is answered 503 with Retry-After at once.
/// Thread-safe.
/// </remarks>
internal sealed class BodyBudget(long maxBytes)
{
    private long _inUse;

    public long InUse => Volatile.Read(ref _inUse);

    /// <summary>Reserves <paramref name="bytes"/>; false when that would pass the budget (a lone request always fits).</summary>
    public bool TryReserve(long bytes)
    {
        var after = Interlocked.Add(ref _inUse, bytes);
        if (after <= maxBytes || after == bytes)
            return true;
        Interlocked.Add(ref _inUse, -bytes);
        return false;
    }

    public void Release(long bytes) => Interlocked.Add(ref _inUse, -bytes);
}
