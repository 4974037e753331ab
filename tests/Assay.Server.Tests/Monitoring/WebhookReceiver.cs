using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Assay.Server.Tests.Monitoring;

/// <summary>A real Kestrel webhook on loopback that fails its first few requests, then records bodies and arrival times.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _requests;

    private WebhookReceiver(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public ConcurrentQueue<string> Bodies { get; } = new();

    public ConcurrentQueue<TimeSpan> Arrivals { get; } = new();

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<WebhookReceiver> StartAsync(int failures, int failStatus = 500)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            receiver.Arrivals.Enqueue(receiver._clock.Elapsed);
            var body = await new StreamReader(request.Body).ReadToEndAsync();
            if (Interlocked.Increment(ref receiver._requests) <= failures)
                return Results.StatusCode(failStatus);
            receiver.Bodies.Enqueue(body);
            return Results.Ok();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri($"{address}/hook");
        return receiver;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
