using Microsoft.Extensions.Logging;

namespace Assay.Server.Retention;

/// <summary>Source-generated log messages of retention.</summary>
internal static partial class RetentionLog
{
    [LoggerMessage(1, LogLevel.Information, "Retention {Summary}")]
    public static partial void Pruned(ILogger logger, string summary);

    [LoggerMessage(2, LogLevel.Debug, "Retention found nothing received before {Before:O}")]
    public static partial void NothingOld(ILogger logger, DateTimeOffset before);

    /// <summary>A partition dropped (or one that could not be) on PostgreSQL, logged as it happens, before the run's summary.</summary>
    [LoggerMessage(4, LogLevel.Information, "Retention {Change}")]
    public static partial void PartitionChanged(ILogger logger, string change);

    public static Action<string> Partition(ILogger logger) => change => PartitionChanged(logger, change);

    [LoggerMessage(3, LogLevel.Error, "Retention failed; it will try again at the next run")]
    public static partial void Failed(ILogger logger, Exception exception);
}
