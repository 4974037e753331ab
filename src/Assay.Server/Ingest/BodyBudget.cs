namespace Assay.Server.Ingest;

/// <summary>Bounds the bytes of request bodies being read and parsed at once, in all and per caller, so overload cannot exhaust memory.</summary>
/// <remarks>
/// Together with the bound on interactions waiting for a commit, this caps ingest memory whatever the number of
/// clients: past either bound a request is answered 503 with Retry-After at once. No caller (an API key, or an
/// address when keys are off) may hold more than its share, so a few slow or greedy callers cannot spend the budget
/// that every other caller needs. Readers reserve as bytes arrive, never what a header merely announces.
/// Thread-safe.
/// </remarks>
internal sealed class BodyBudget(long maxBytes, long maxBytesPerCaller)
{
    private readonly Dictionary<string, long> _byCaller = new(StringComparer.Ordinal);
    private long _inUse;

    public long InUse => Volatile.Read(ref _inUse);

    /// <summary>Bytes held by <paramref name="caller"/> now.</summary>
    public long HeldBy(string caller)
    {
        lock (_byCaller)
            return _byCaller.GetValueOrDefault(caller);
    }

    /// <summary>
    /// Reserves <paramref name="bytes"/> for <paramref name="caller"/>; false when that would pass the budget or the
    /// caller's share. A lone request always fits: the first bytes of an idle budget, or of a caller holding nothing.
    /// </summary>
    public bool TryReserve(string caller, long bytes)
    {
        lock (_byCaller)
        {
            var held = _byCaller.GetValueOrDefault(caller);
            var total = _inUse + bytes;
            if ((total > maxBytes && _inUse > 0) || (held + bytes > maxBytesPerCaller && held > 0))
                return false;
            _byCaller[caller] = held + bytes;
            Volatile.Write(ref _inUse, total);
            return true;
        }
    }

    public void Release(string caller, long bytes)
    {
        lock (_byCaller)
        {
            var held = _byCaller.GetValueOrDefault(caller) - bytes;
            if (held <= 0)
                _byCaller.Remove(caller);
            else
                _byCaller[caller] = held;
            Volatile.Write(ref _inUse, _inUse - bytes);
        }
    }
}
