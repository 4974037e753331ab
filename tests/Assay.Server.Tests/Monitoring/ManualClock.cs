namespace Assay.Server.Tests.Monitoring;

/// <summary>A clock that stands still until a test moves it: monitors are evaluated at chosen times.</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
