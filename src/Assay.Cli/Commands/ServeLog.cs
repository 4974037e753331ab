using Microsoft.Extensions.Logging;

namespace Assay.Cli.Commands;

/// <summary>The startup lines of <c>assay serve --log-format json</c>, written as log entries.</summary>
internal static partial class ServeLog
{
    [LoggerMessage(1, LogLevel.Information, "{Line}")]
    public static partial void Listening(ILogger logger, string line);

    [LoggerMessage(2, LogLevel.Warning, "{Line}")]
    public static partial void Open(ILogger logger, string line);
}
