using Microsoft.Extensions.Logging;

namespace Assay.Server.Operations;

/// <summary>Source-generated log messages of health, readiness and metrics.</summary>
internal static partial class OperationsLog
{
    [LoggerMessage(1, LogLevel.Warning, "The metrics could not read the database; its gauges are left out of this scrape")]
    public static partial void SnapshotFailed(ILogger logger, Exception exception);

    [LoggerMessage(2, LogLevel.Warning, "Not ready: the database does not answer, or its schema is not at this version")]
    public static partial void NotReady(ILogger logger);
}
