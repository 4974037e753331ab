using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Assay.Server.Operations;

/// <summary><c>serve --log-format json</c>: one JSON object per line on standard output, at Information and above.</summary>
public static class JsonLogs
{
    /// <summary>Replaces the console format with JSON lines; ASP.NET Core's own per-request entries stay at Warning.</summary>
    public static void Use(ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.AddConsole(console => console.FormatterName = JsonLogFormatter.FormatterName)
            .AddConsoleFormatter<JsonLogFormatter, ConsoleFormatterOptions>()
            .SetMinimumLevel(LogLevel.Information)
            .AddFilter("Microsoft", LogLevel.Warning);
        logging.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.None);
    }
}
