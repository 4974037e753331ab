namespace Assay.Server.Monitoring;

/// <summary>The outcome of sending one alert event to one webhook.</summary>
/// <param name="Url">The webhook.</param>
/// <param name="Attempts">How many POSTs were made.</param>
/// <param name="Delivered">Whether one was answered with a success status.</param>
/// <param name="Error">The last failure (status or exception), when not delivered; null on success.</param>
public sealed record WebhookDelivery(Uri Url, int Attempts, bool Delivered, string? Error);
