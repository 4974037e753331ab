using System.Diagnostics;
using System.Net.Http.Headers;

namespace Assay.LoadTest;

/// <summary>OTLP/HTTP protobuf ingest in spans per second beside native NDJSON ingest, same clients, same run, a fresh server each.</summary>
internal static class OtlpLoad
{
    private const int Clients = 16;
    private const int PerRequest = 100;

    public static async Task RunAsync(string assay, TimeSpan duration, IReadOnlyList<string> serverArguments, Payloads payloads)
    {
        var spans = new OtlpSpans();
        Console.WriteLine($"{duration.TotalSeconds} s per scenario; {Environment.ProcessorCount} cores; server arguments: {string.Join(' ', serverArguments)}");
        Console.WriteLine();
        Console.WriteLine("| scenario | interactions acknowledged | per second | p50 ms | p99 ms | max ms | refused requests |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        LoadResult native, otlp;
        await using (var server = await ServerProcess.StartAsync(assay, serverArguments))
        {
            await Scenarios.ClosedLoopAsync("warm-up", server.Address, 8, 10, TimeSpan.FromSeconds(1), payloads);
            native = await Scenarios.ClosedLoopAsync($"native NDJSON, {PerRequest}/request, {Clients} clients", server.Address, Clients, PerRequest, duration, payloads);
            Console.WriteLine(native.Row());
        }

        await using (var server = await ServerProcess.StartAsync(assay, serverArguments))
        {
            await ClosedLoopAsync("warm-up", server.Address, 8, 10, TimeSpan.FromSeconds(1), spans);
            otlp = await ClosedLoopAsync($"OTLP/HTTP protobuf, {PerRequest} spans/request, {Clients} clients", server.Address, Clients, PerRequest, duration, spans);
            Console.WriteLine(otlp.Row());
        }

        Console.WriteLine();
        Console.WriteLine($"OTLP / native: {otlp.PerSecond / native.PerSecond:F2}x");
    }

    private static async Task<LoadResult> ClosedLoopAsync(string name, Uri server, int clients, int perRequest, TimeSpan duration, OtlpSpans spans)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };
        // Bodies are built before the clock starts (for up to 6,000 spans/s), as native ingest's are spliced from
        // ready bytes: on a small machine the client's protobuf encoding would otherwise take CPU from the server.
        var ready = new System.Collections.Concurrent.ConcurrentQueue<byte[]>(
            Enumerable.Range(0, (int)Math.Ceiling(duration.TotalSeconds * 6_000 / perRequest)).Select(_ => spans.Request(perRequest)));
        var latencies = new List<double>[clients];
        long stored = 0, requests = 0, refused = 0;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            latencies[c] = [];
            while (stopwatch.Elapsed < duration)
            {
                using var content = new ByteArrayContent(ready.TryDequeue(out var body) ? body : spans.Request(perRequest));
                content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
                var started = Stopwatch.GetTimestamp();
                using var response = await http.PostAsync("v1/traces", content);
                latencies[c].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Interlocked.Increment(ref requests);
                if (response.IsSuccessStatusCode)
                    Interlocked.Add(ref stored, perRequest);
                else
                    Interlocked.Increment(ref refused);
            }
        }));
        return new LoadResult(name, stored, requests, refused, stopwatch.Elapsed, latencies.SelectMany(l => l).ToArray());
    }
}
