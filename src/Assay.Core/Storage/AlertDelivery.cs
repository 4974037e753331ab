namespace Assay.Storage;

/// <summary>One attempt series at sending an alert event to a sink (a webhook URL), as recorded.</summary>
/// <param name="EventId">The alert event sent.</param>
/// <param name="Target">Where it was sent (the webhook URL).</param>
/// <param name="Attempts">How many tries were made.</param>
/// <param name="Delivered">Whether a try succeeded.</param>
/// <param name="Error">The last failure when not delivered.</param>
/// <param name="At">When the outcome was recorded.</param>
public sealed record AlertDelivery(long EventId, string Target, int Attempts, bool Delivered, string? Error, DateTimeOffset At);
