using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Assay.Server.Tests.Security;

/// <summary>A logger provider that keeps the exceptions the server logs, so that a 5xx can be told apart by its cause.</summary>
/// <remarks>Thread-safe. The fuzz run sends one request at a time, so what was logged since the last take belongs to the last request.</remarks>
internal sealed class ServerErrors : ILoggerProvider
{
    private readonly ConcurrentQueue<Exception> _exceptions = new();

    public ILogger CreateLogger(string categoryName) => new Collector(_exceptions);

    /// <summary>The exceptions logged since the last call, as <c>Type(InnermostType): innermost message @ first Assay frame</c>; empty when none.</summary>
    public string Take()
    {
        var causes = new List<string>();
        while (_exceptions.TryDequeue(out var exception))
        {
            var inner = exception.GetBaseException();
            var frame = inner.StackTrace?.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("at Assay.", StringComparison.Ordinal)) ?? "(no Assay frame)";
            var type = inner == exception ? inner.GetType().Name : $"{exception.GetType().Name}({inner.GetType().Name})";
            causes.Add($"{type}: {inner.Message.Split('\n')[0].Trim()} @ {frame.Split(" in ")[0]}");
        }

        return string.Join(" | ", causes.Distinct());
    }

    public void Dispose()
    {
    }

    private sealed class Collector(ConcurrentQueue<Exception> exceptions) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is not null && logLevel >= LogLevel.Error)
                exceptions.Enqueue(exception);
        }
    }
}
