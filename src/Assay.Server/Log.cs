using Microsoft.Extensions.Logging;

namespace Assay.Server;

/// <summary>Source-generated log messages of the server.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Assay is using policy {Policy} ({Rules} rules) and database {Database}")]
    public static partial void Started(ILogger logger, string policy, int rules, string database);

    [LoggerMessage(2, LogLevel.Error, "A group commit of {Count} interactions failed; none was acknowledged")]
    public static partial void CommitFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(3, LogLevel.Error, "The pipeline failed on a batch; it will retry")]
    public static partial void PipelineFailed(ILogger logger, Exception exception);

    [LoggerMessage(4, LogLevel.Debug, "Processed {Count} interactions, {Flags} flags")]
    public static partial void Processed(ILogger logger, int count, int flags);

    [LoggerMessage(5, LogLevel.Warning, "{Count} interactions of a batch were taken over by another node after this node's lease expired; their results were dropped")]
    public static partial void LeaseLost(ILogger logger, int count);
}
