using System.Diagnostics;
using Assay.Client;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Assay.Benchmarks.Client;

/// <summary>
/// What <c>UseAssay()</c> adds to a chat call: the same call with and without the middleware, over a model client that
/// answers at once (so only the middleware's work shows), with the client sending to a loopback sink that answers 202.
/// </summary>
[MemoryDiagnoser]
public class UseAssayBenchmarks
{
    private readonly List<ChatMessage> _messages =
    [
        new(ChatRole.System, "You are a careful assistant. Answer briefly."),
        new(ChatRole.User, "Is 91 a prime number? Explain in one sentence."),
    ];

    private WebApplication _sink = null!;
    private AssayClient _assay = null!;
#pragma warning disable CA1859 // Called through the interface, as the wrapped one is, so the two differ only by the middleware.
    private IChatClient _bare = null!;
#pragma warning restore CA1859
    private IChatClient _wrapped = null!;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    public async Task SetupAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _sink = builder.Build();
        _sink.MapPost("/v1/interactions", async (HttpRequest request) =>
        {
            var lines = 0;
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(buffer)) > 0)
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
            return Results.Json(new { accepted = lines, duplicate = 0, rejected = 0, conflict = 0 }, statusCode: 202);
        });
        await _sink.StartAsync();
        _assay = new AssayClient(new AssayClientOptions { Endpoint = new Uri(_sink.Urls.First() + "/"), Capacity = 100_000 });
        _bare = new AnsweringModel();
        _wrapped = new ChatClientBuilder(new AnsweringModel()).UseAssay(_assay, new AssayChatOptions { Project = "bench", ModelVersion = "v1" }).Build();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _assay.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _sink.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true)]
    public Task<ChatResponse> Bare() => _bare.GetResponseAsync(_messages);

    [Benchmark]
    public Task<ChatResponse> WithAssay() => _wrapped.GetResponseAsync(_messages);

    /// <summary>
    /// Per-call latency percentiles, bare and wrapped in turn, 200,000 calls each after 20,000 to warm up: the
    /// <c>use-assay</c> command of Program.cs. Timed in batches of 1,000 calls between flushes, so every call takes the
    /// queueing path (a full queue's drop would be cheaper and flatter the figure).
    /// </summary>
    public static async Task ProfileAsync()
    {
        var benchmark = new UseAssayBenchmarks();
        await benchmark.SetupAsync();
        try
        {
            var bare = new List<double>();
            var wrapped = new List<double>();
            for (var round = 0; round < 220; round++)
            {
                for (var call = 0; call < 1_000; call++)
                {
                    var start = Stopwatch.GetTimestamp();
                    await benchmark.Bare();
                    var middle = Stopwatch.GetTimestamp();
                    await benchmark.WithAssay();
                    var end = Stopwatch.GetTimestamp();
                    if (round >= 20)
                    {
                        bare.Add(Stopwatch.GetElapsedTime(start, middle).TotalMicroseconds);
                        wrapped.Add(Stopwatch.GetElapsedTime(middle, end).TotalMicroseconds);
                    }
                }

                await benchmark._assay.FlushAsync();
            }

            bare.Sort();
            wrapped.Sort();
            double At(List<double> sorted, double quantile) => sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(quantile * sorted.Count))];
            foreach (var quantile in new[] { 0.5, 0.9, 0.99, 0.999 })
            {
                Console.WriteLine($"p{quantile * 100:0.#}: bare {At(bare, quantile):F2} µs, with UseAssay {At(wrapped, quantile):F2} µs, added {At(wrapped, quantile) - At(bare, quantile):F2} µs");
            }

            var counters = benchmark._assay.Counters;
            Console.WriteLine($"client: {counters.Queued} queued, {counters.Accepted} accepted, {counters.Dropped} dropped, {counters.Failed} failed");
        }
        finally
        {
            benchmark.Cleanup();
        }
    }

    /// <summary>A model that answers at once with reasoning, text and usage, as a reasoning model's client returns them.</summary>
    private sealed class AnsweringModel : IChatClient
    {
        private static readonly ChatResponse s_response = new(new ChatMessage(ChatRole.Assistant,
        [
            new TextReasoningContent("91 = 7 × 13, so it has divisors other than 1 and itself."),
            new TextContent("No: 91 is 7 times 13, so it is not prime."),
        ]))
        {
            ModelId = "reasoner-1",
            ResponseId = "resp-1",
            Usage = new UsageDetails { InputTokenCount = 31, OutputTokenCount = 14, ReasoningTokenCount = 22 },
        };

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(s_response);

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            s_response.ToChatResponseUpdates().ToAsyncEnumerable();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
