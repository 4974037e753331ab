using System.Diagnostics;
using Assay.Server.Sampling;

namespace Assay.Server.Tests.Sampling;

/// <summary>Request spacing across a change of rate, as when a policy version with another <c>requests_per_minute</c> is activated.</summary>
public sealed class RequestSpacingTests
{
    [Fact]
    public async Task WaitAsync_new_rate_right_after_a_request_waits_one_new_interval_rather_than_bursting()
    {
        using var spacing = new RequestSpacing(TimeProvider.System);
        await spacing.WaitAsync(6000, CancellationToken.None);

        var clock = Stopwatch.StartNew();
        await spacing.WaitAsync(120, CancellationToken.None);

        // 120 a minute is one request every 500 ms; a fresh bucket would have let this one through at once.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(400), $"the request under the new rate came after {clock.Elapsed}");
    }

    [Fact]
    public async Task WaitAsync_new_rate_long_after_the_last_request_lets_the_next_through_at_once()
    {
        using var spacing = new RequestSpacing(TimeProvider.System);
        await spacing.WaitAsync(6000, CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(700));

        var clock = Stopwatch.StartNew();
        await spacing.WaitAsync(120, CancellationToken.None);

        // 120 a minute is one request every 500 ms, and 700 ms have passed since the last one: an empty bucket would wait 500 ms.
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(300), $"the request waited {clock.Elapsed}");
    }

    [Fact]
    public async Task WaitAsync_same_rate_spaces_requests_by_its_interval()
    {
        using var spacing = new RequestSpacing(TimeProvider.System);
        await spacing.WaitAsync(240, CancellationToken.None);

        var clock = Stopwatch.StartNew();
        await spacing.WaitAsync(240, CancellationToken.None);

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(150), $"the second request came after {clock.Elapsed}");
    }
}
