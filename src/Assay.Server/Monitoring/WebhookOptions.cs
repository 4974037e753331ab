namespace Assay.Server.Monitoring;

/// <summary>Where alerts are POSTed and how hard delivery is tried; each default is on its property.</summary>
public sealed record WebhookOptions
{
    /// <value>The webhook URLs; every alert event goes to each. Default none.</value>
    public IReadOnlyList<Uri> Urls { get; init; } = [];

    /// <value>Attempts per URL before the delivery is recorded as failed. Default 4.</value>
    public int MaxAttempts { get; init; } = 4;

    /// <value>Wait before the first retry; it doubles for every further one. Default 500 ms.</value>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <value>Time allowed for one attempt. Default 10 s.</value>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
