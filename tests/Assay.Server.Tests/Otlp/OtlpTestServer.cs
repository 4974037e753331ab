using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace Assay.Server.Tests.Otlp;

/// <summary>An Assay server whose OTLP join gives up after 300 ms, with its warnings kept for the tests to read.</summary>
public sealed class OtlpTestServer : AssayTestServer
{
    public ConcurrentQueue<string> Warnings { get; } = new();

    protected override AssayServerOptions Configure(AssayServerOptions options) =>
        options with { Otlp = options.Otlp with { JoinWindow = TimeSpan.FromMilliseconds(300) } };

    protected override void ConfigureLogging(ILoggingBuilder logging) => logging.AddProvider(new WarningCollector(Warnings));

    public async Task<HttpResponseMessage> ExportAsync(string path, byte[] body, string contentType, string? encoding = null)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (encoding is not null)
            content.Headers.ContentEncoding.Add(encoding);
        return await Http.PostAsync(new Uri(path, UriKind.Relative), content);
    }

    private sealed class WarningCollector(ConcurrentQueue<string> warnings) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Collector(warnings);

        public void Dispose()
        {
        }

        private sealed class Collector(ConcurrentQueue<string> warnings) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel == LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (logLevel == LogLevel.Warning)
                    warnings.Enqueue(formatter(state, exception));
            }
        }
    }
}
