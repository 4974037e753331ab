using Microsoft.Extensions.Logging;

namespace Assay.Server.Tests.Postgres;

/// <summary>A logger provider that adds up what one node's pipeline worker says it completed, and what it lost to another node.</summary>
/// <remarks>Thread-safe. It reads the structured <c>Count</c> of the worker's "Processed" and "LeaseLost" messages, not their text.</remarks>
internal sealed class ProcessedCounter : ILoggerProvider
{
    private const int ProcessedEvent = 4;
    private const int LeaseLostEvent = 5;
    private long _processed;
    private long _lost;

    public long Processed => Interlocked.Read(ref _processed);

    public long Lost => Interlocked.Read(ref _lost);

    public ILogger CreateLogger(string categoryName) => new Collector(this, categoryName == typeof(Pipeline.PipelineWorker).FullName);

    public void Dispose()
    {
    }

    private sealed class Collector(ProcessedCounter counter, bool isWorker) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => isWorker;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!isWorker || eventId.Id is not (ProcessedEvent or LeaseLostEvent) || state is not IReadOnlyList<KeyValuePair<string, object?>> fields)
                return;
            var count = fields.FirstOrDefault(f => f.Key == "Count").Value is int n ? n : 0;
            if (eventId.Id == ProcessedEvent)
                Interlocked.Add(ref counter._processed, count);
            else
                Interlocked.Add(ref counter._lost, count);
        }
    }
}
