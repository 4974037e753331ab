using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Assay.Server.Tests.Client;

/// <summary>
/// An ingest endpoint on loopback Kestrel that answers from a script, to put the client through what a real server
/// rarely does on demand: overload, a lost answer, a body too large.
/// </summary>
internal sealed class FakeIngestEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeIngestEndpoint(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    /// <summary>Every request's body lines (one interaction each) and Authorization header, in arrival order.</summary>
    public ConcurrentQueue<(string[] Lines, string Authorization)> Requests { get; } = new();

    /// <summary>Starts the endpoint; <paramref name="script"/> gets the request number (1-based) and its line count and returns the status.</summary>
    /// <param name="holdFirst">How long the first request waits for its answer, so that the client's queue fills behind it.</param>
    public static async Task<FakeIngestEndpoint> StartAsync(Func<int, int, int> script, TimeSpan holdFirst = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var endpoint = new FakeIngestEndpoint(app);
        app.MapPost("/v1/interactions", async (HttpRequest request, HttpResponse response) =>
        {
            using var reader = new StreamReader(request.Body);
            var lines = (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            endpoint.Requests.Enqueue((lines, request.Headers.Authorization.ToString()));
            var number = endpoint.Requests.Count;
            if (number == 1)
                await Task.Delay(holdFirst);
            var status = script(number, lines.Length);
            if (status == StatusCodes.Status202Accepted)
                return Results.Json(new { accepted = lines.Length, duplicate = 0, rejected = 0, conflict = 0 }, statusCode: status);
            if (status == StatusCodes.Status503ServiceUnavailable)
                response.Headers.RetryAfter = "0";
            return Results.Problem(statusCode: status);
        });
        await app.StartAsync();
        endpoint.Address = new Uri(app.Urls.First() + "/");
        return endpoint;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
