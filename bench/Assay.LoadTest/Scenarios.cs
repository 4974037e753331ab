using System.Diagnostics;
using System.Net.Http.Headers;

namespace Assay.LoadTest;

/// <summary>The load shapes: closed-loop throughput and open-loop fixed-rate latency.</summary>
internal static class Scenarios
{
    /// <summary>Each of <paramref name="clients"/> sends its next request as soon as the previous one is acknowledged.</summary>
    public static Task<LoadResult> ClosedLoopAsync(string name, Uri server, int clients, int perRequest, TimeSpan duration, Payloads payloads) =>
        ClosedLoopAsync(name, [server], clients, perRequest, duration, payloads);

    /// <summary>As above, with client <c>c</c> talking to server <c>c mod n</c>: nodes behind a round-robin balancer.</summary>
    public static async Task<LoadResult> ClosedLoopAsync(string name, IReadOnlyList<Uri> servers, int clients, int perRequest, TimeSpan duration, Payloads payloads)
    {
        var https = servers.Select(s => Client(s, clients)).ToArray();
        var latencies = new List<double>[clients];
        long interactions = 0, requests = 0, refused = 0;
        var stopwatch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, clients).Select(async c =>
        {
            latencies[c] = [];
            while (stopwatch.Elapsed < duration)
            {
                var body = perRequest == 1 ? payloads.Single() : payloads.Ndjson(perRequest);
                var started = Stopwatch.GetTimestamp();
                var ok = await SendAsync(https[c % https.Length], body, perRequest == 1);
                latencies[c].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Interlocked.Increment(ref requests);
                if (ok)
                    Interlocked.Add(ref interactions, perRequest);
                else
                    Interlocked.Increment(ref refused);
            }
        }).ToArray();
        await Task.WhenAll(workers);
        foreach (var http in https)
            http.Dispose();
        return new LoadResult(name, interactions, requests, refused, stopwatch.Elapsed, latencies.SelectMany(l => l).ToArray());
    }

    /// <summary>Requests leave on a fixed schedule whatever the server does; latency counts from the scheduled time, so stalls are not hidden.</summary>
    public static async Task<LoadResult> OpenLoopAsync(string name, Uri server, double interactionsPerSecond, int perRequest, TimeSpan duration, Payloads payloads)
    {
        using var http = Client(server, 256);
        var requestsPerSecond = interactionsPerSecond / perRequest;
        var total = (int)(requestsPerSecond * duration.TotalSeconds);
        var latencies = new double[total];
        var bodies = Enumerable.Range(0, total).Select(_ => perRequest == 1 ? payloads.Single() : payloads.Ndjson(perRequest)).ToArray();
        long interactions = 0, refused = 0;
        var inFlight = new List<Task>(total);
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var scheduled = TimeSpan.FromSeconds(i / requestsPerSecond);
            var wait = scheduled - stopwatch.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
                await Task.Delay(wait);
            var index = i;
            inFlight.Add(Task.Run(async () =>
            {
                var ok = await SendAsync(http, bodies[index], perRequest == 1);
                latencies[index] = (stopwatch.Elapsed - scheduled).TotalMilliseconds;
                if (ok)
                    Interlocked.Add(ref interactions, perRequest);
                else
                    Interlocked.Increment(ref refused);
            }));
        }

        await Task.WhenAll(inFlight);
        return new LoadResult(name, interactions, total, refused, stopwatch.Elapsed, latencies);
    }

    private static async Task<bool> SendAsync(HttpClient http, byte[] body, bool single)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(single ? "application/json" : "application/x-ndjson");
        using var response = await http.PostAsync("v1/interactions", content);
        return response.IsSuccessStatusCode;
    }

    private static HttpClient Client(Uri server, int connections) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = server,
            Timeout = TimeSpan.FromSeconds(60),
        };
}
