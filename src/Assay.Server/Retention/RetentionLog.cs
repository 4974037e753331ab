using Microsoft.Extensions.Logging;

namespace Assay.Server.Retention;

/// <summary>Source-generated log messages of retention.</summary>
internal static partial class RetentionLog
{
    [LoggerMessage(1, LogLevel.Information, "Retention {Summary}")]
    public static partial void Pruned(ILogger logger, string summary);

    [LoggerMessage(2, LogLevel.Debug, "Retention found nothing received before {Before:O}")]
    public static partial void NothingOld(ILogger logger, DateTimeOffset before);

    [LoggerMessage(3, LogLevel.Error, "Retention failed; it will try again at the next run")]
    public static partial void Failed(ILogger logger, Exception exception);
}
