using System.Text;
using System.Text.Json;
using Assay.Demo;
using Assay.Json;
using Assay.Server.Dashboard;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Assay.Server.Tests.Dashboard;

/// <summary>The dashboard's caches are filled when the server starts, before anyone opens it, unless turned off.</summary>
public sealed class DashboardWarmupTests
{
    [Fact]
    public async Task A_started_server_aggregates_the_dashboard_buckets_before_any_view()
    {
        await using var server = new WarmupServer(warm: true);
        await server.InitializeAsync();
        await IngestAsync(server, 300);
        await server.RestartAsync();

        var source = server.Services.GetRequiredService<DashboardSource>();
        for (var attempt = 0; attempt < 150 && source.KeptBuckets == 0; attempt++)
            await Task.Delay(100);

        // Every range's whole buckets, with no request to the dashboard made on this start.
        Assert.True(source.KeptBuckets > 0, "no dashboard bucket was aggregated within 15 s of the start");
    }

    [Fact]
    public async Task With_warm_up_off_nothing_is_aggregated_until_the_first_view()
    {
        await using var server = new WarmupServer(warm: false);
        await server.InitializeAsync();
        await IngestAsync(server, 50);
        await server.RestartAsync();

        Assert.DoesNotContain(server.Services.GetServices<IHostedService>(), s => s is DashboardWarmup);
        Assert.Equal(0, server.Services.GetRequiredService<DashboardSource>().KeptBuckets);
    }

    private static async Task IngestAsync(AssayTestServer server, int count)
    {
        var traffic = new DemoTraffic(7, DateTimeOffset.UtcNow.AddHours(-30));
        var body = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            // Spread over the last 30 hours, so that whole buckets of every range exist.
            var interaction = traffic.Next() with { Id = $"warm-{i}", Timestamp = DateTimeOffset.UtcNow.AddMinutes(-6 * (count - i)) };
            body.Append(JsonSerializer.Serialize(interaction, AssayJsonContext.Default.Interaction)).Append('\n');
        }

        using var answer = await server.PostAsync(body.ToString(), "application/x-ndjson");
        Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync());
        await server.WaitUntilAllProcessedAsync();
    }

    private sealed class WarmupServer(bool warm) : AssayTestServer, IAsyncDisposable
    {
        protected override AssayServerOptions Configure(AssayServerOptions options) => new()
        {
            DatabasePath = options.DatabasePath,
            Urls = options.Urls,
            WarmDashboard = warm,
        };

        ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());
    }
}
