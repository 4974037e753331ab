namespace Assay.Server.Pipeline;

/// <summary>Wakes the pipeline worker when new interactions have been committed.</summary>
/// <remarks>Coalescing: many signals before the worker wakes count as one. Thread-safe.</remarks>
internal sealed class PipelineSignal : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Notify()
    {
        try
        {
            if (_semaphore.CurrentCount == 0)
                _semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // Another thread signalled first; one wake-up is enough.
        }
    }

    public void Dispose() => _semaphore.Dispose();

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _semaphore.WaitAsync(timeout, cancellationToken);
}
