using Microsoft.Extensions.Logging;

namespace Assay.Server.Audit;

/// <summary>Source-generated log messages of the audit worker.</summary>
internal static partial class AuditLog
{
    [LoggerMessage(240, LogLevel.Information, "Audit anchor: entry {Seq} hash {Hash} at {Time:u}")]
    public static partial void Anchor(ILogger logger, long seq, string hash, DateTimeOffset time);

    [LoggerMessage(241, LogLevel.Warning, "Audit anchor: the webhook {Webhook} did not take entry {Seq}: {Error}")]
    public static partial void WebhookFailed(ILogger logger, string webhook, long seq, string error);

    [LoggerMessage(242, LogLevel.Warning, "Audit worker step failed; retrying next period: {Error}")]
    public static partial void Failed(ILogger logger, string error);
}
