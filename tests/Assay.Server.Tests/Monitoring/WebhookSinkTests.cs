using System.Text.Json;
using Assay.Monitoring;
using Assay.Server.Monitoring;

namespace Assay.Server.Tests.Monitoring;

public sealed class WebhookSinkTests
{
    private static readonly Alert s_alert = new("refusal-rate", "atlas@v2", AlertState.Firing,
        new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero), null, 0.15, "refusal-rate [atlas@v2]: over-refusal rate 0.15");

    private static WebhookSink Sink(HttpClient http, params Uri[] urls) =>
        new(http, new WebhookOptions { Urls = urls, MaxAttempts = 4, InitialBackoff = TimeSpan.FromMilliseconds(40) }, TimeProvider.System);

    [Fact]
    public async Task SendAsync_receiver_failing_twice_then_succeeding_is_delivered_on_the_third_attempt_with_growing_backoff()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failures: 2);
        using var http = new HttpClient();

        var delivery = Assert.Single(await Sink(http, receiver.Url).SendAsync(s_alert, 7, CancellationToken.None));

        Assert.True(delivery.Delivered);
        Assert.Equal(3, delivery.Attempts);
        Assert.Null(delivery.Error);
        Assert.Equal(3, receiver.Requests);
        var arrivals = receiver.Arrivals.ToArray();
        Assert.True(arrivals[1] - arrivals[0] >= TimeSpan.FromMilliseconds(35), $"first back-off {arrivals[1] - arrivals[0]}");
        Assert.True(arrivals[2] - arrivals[1] >= TimeSpan.FromMilliseconds(75), $"second back-off {arrivals[2] - arrivals[1]}");
        using var body = JsonDocument.Parse(Assert.Single(receiver.Bodies));
        Assert.Equal(7, body.RootElement.GetProperty("event_id").GetInt64());
        Assert.Equal("refusal-rate", body.RootElement.GetProperty("rule").GetString());
        Assert.Equal("atlas@v2", body.RootElement.GetProperty("key").GetString());
        Assert.Equal("firing", body.RootElement.GetProperty("state").GetString());
        Assert.Equal(0.15, body.RootElement.GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task SendAsync_receiver_that_always_fails_is_recorded_as_failed_after_every_attempt()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failures: int.MaxValue, failStatus: 503);
        using var http = new HttpClient();

        var delivery = Assert.Single(await Sink(http, receiver.Url).SendAsync(s_alert, 1, CancellationToken.None));

        Assert.False(delivery.Delivered);
        Assert.Equal(4, delivery.Attempts);
        Assert.Equal(4, receiver.Requests);
        Assert.StartsWith("HTTP 503", delivery.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_client_error_is_not_retried()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failures: int.MaxValue, failStatus: 400);
        using var http = new HttpClient();

        var delivery = Assert.Single(await Sink(http, receiver.Url).SendAsync(s_alert, 1, CancellationToken.None));

        Assert.False(delivery.Delivered);
        Assert.Equal(1, delivery.Attempts);
        Assert.Equal(1, receiver.Requests);
    }

    [Fact]
    public async Task SendAsync_unreachable_webhook_fails_without_throwing_and_others_still_receive()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failures: 0);
        using var http = new HttpClient();
        // Port 9 (discard) on loopback: nothing listens there, so the connection is refused at once.
        var dead = new Uri("http://127.0.0.1:9/hook");

        var deliveries = await Sink(http, dead, receiver.Url).SendAsync(s_alert, 1, CancellationToken.None);

        Assert.False(deliveries[0].Delivered);
        Assert.Equal(4, deliveries[0].Attempts);
        Assert.NotNull(deliveries[0].Error);
        Assert.True(deliveries[1].Delivered);
        Assert.Single(receiver.Bodies);
    }
}
