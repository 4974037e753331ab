using Microsoft.Extensions.Logging;

namespace Assay.Server.Election;

/// <summary>Source-generated log messages of leader election.</summary>
internal static partial class LeadershipLog
{
    [LoggerMessage(300, LogLevel.Information, "Node {Node} now leads the {Role}")]
    public static partial void Leading(ILogger logger, string node, string role);

    [LoggerMessage(301, LogLevel.Warning, "Node {Node} lost the lead of the {Role}; it stopped acting and will try again")]
    public static partial void Lost(ILogger logger, string node, string role, Exception? exception);

    [LoggerMessage(302, LogLevel.Information, "Node {Node} gave up the lead of the {Role}")]
    public static partial void Released(ILogger logger, string node, string role);

    [LoggerMessage(303, LogLevel.Warning, "Node {Node} could not try to take the {Role}; it will try again")]
    public static partial void AcquireFailed(ILogger logger, string node, string role, Exception exception);
}
