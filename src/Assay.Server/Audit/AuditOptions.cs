namespace Assay.Server.Audit;

/// <summary>How the audit log's head is published, so that a cut-off tail can be told from a quiet log.</summary>
/// <param name="AnchorInterval">How often the head (sequence number and hash) is written to the log and the webhook; null turns anchors off.</param>
/// <param name="Webhook">Where each anchor is also POSTed as JSON, to a system the Assay database's operators cannot rewrite.</param>
/// <param name="KeyExpiryPoll">How often keys that have expired are looked for, to log each one's <c>key.expired</c> entry.</param>
public sealed record AuditOptions(TimeSpan? AnchorInterval, Uri? Webhook, TimeSpan KeyExpiryPoll)
{
    public static AuditOptions Default { get; } = new(TimeSpan.FromHours(1), null, TimeSpan.FromMinutes(1));
}
