using System.Net;
using System.Text.Json;
using Assay.Monitoring;
using Assay.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Assay.Server.Tests.Monitoring;

public sealed class AlertEndpointTests : IAsyncLifetime
{
    private readonly AssayTestServer _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task GetAlerts_lists_events_newest_first_with_failed_deliveries_visible()
    {
        var store = _server.Services.GetRequiredService<IAlertStore>();
        var fired = new Alert("refusal-rate", "*", AlertState.Firing, DateTimeOffset.UnixEpoch.AddDays(20_000), null, 0.3, "rate 0.3");
        var id = await store.AddEventAsync(fired, CancellationToken.None);
        await store.RecordDeliveryAsync(new AlertDelivery(id, "http://127.0.0.1:9/hook", 4, false, "Connection refused", fired.FiredAt), CancellationToken.None);
        await store.AddEventAsync(fired with { State = AlertState.Resolved, ResolvedAt = fired.FiredAt.AddMinutes(5) }, CancellationToken.None);

        using var response = await _server.Http.GetAsync(new Uri("/v1/alerts", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var events = json.RootElement.GetProperty("alerts").EnumerateArray().ToArray();
        Assert.Equal(2, events.Length);
        Assert.Equal("resolved", events[0].GetProperty("alert").GetProperty("state").GetString());
        var delivery = Assert.Single(events[1].GetProperty("deliveries").EnumerateArray());
        Assert.False(delivery.GetProperty("delivered").GetBoolean());
        Assert.Equal("Connection refused", delivery.GetProperty("error").GetString());
        Assert.Empty(await store.OpenAsync(CancellationToken.None));
    }

    [Fact]
    public async Task GetAlerts_limit_out_of_range_is_a_bad_request()
    {
        using var response = await _server.Http.GetAsync(new Uri("/v1/alerts?limit=0", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
