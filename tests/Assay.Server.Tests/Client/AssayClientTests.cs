using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Assay.Client;
using Assay.Review;
using Assay.Server.Tests.Review;

namespace Assay.Server.Tests.Client;

/// <summary>The ingest client against a real Assay server, and against scripted answers for what a server rarely does on demand.</summary>
public sealed class AssayClientTests(ReviewAssayServer server) : IClassFixture<ReviewAssayServer>
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Interactions_sent_are_stored_by_a_real_server_and_sent_again_are_counted_duplicate()
    {
        var project = ReviewAssayServer.Project();
        var options = new AssayClientOptions { Endpoint = server.Address, ApiKey = await server.KeyAsync(Role.Ingest, project), MaxBatchSize = 7 };
        var batch = Enumerable.Range(0, 50).Select(i => Interaction($"client-{project}-{i}", project)).ToList();

        await using (var client = new AssayClient(options))
        {
            Assert.All(batch, interaction => Assert.True(client.Send(interaction)));
            await client.FlushAsync().WaitAsync(s_bound);
            Assert.Equal((50L, 50L, 0L, 0L), (client.Counters.Queued, client.Counters.Accepted, client.Counters.Failed, client.Counters.Pending));

            batch.ForEach(again => client.Send(again));
            await client.FlushAsync().WaitAsync(s_bound);
            Assert.Equal((100L, 50L, 50L), (client.Counters.Queued, client.Counters.Accepted, client.Counters.Duplicate));
        }

        var stored = await server.Store.GetAsync(batch[42].Id, CancellationToken.None);
        Assert.NotNull(stored);
        var interaction = stored.Stored.Interaction;
        Assert.Equal((project, "s-1", "high"), (interaction.Metadata.Project, interaction.Metadata.SessionId, interaction.Metadata.Risk));
        Assert.Equal(("Think first.", "Paris.", "2026-12"), (interaction.Reasoning, interaction.Response, interaction.ModelVersion));
        Assert.Equal((12L, 3L, 9L), (interaction.Usage!.InputTokens, interaction.Usage.OutputTokens, interaction.Usage.ReasoningTokens));
        Assert.Equal(["system", "user"], interaction.Input.Select(m => m.Role.ToString().ToLowerInvariant()));
        Assert.Equal(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero), interaction.Timestamp);
    }

    [Fact]
    public async Task A_key_the_server_refuses_fails_the_batch_at_once_with_the_status_in_the_last_error()
    {
        var project = ReviewAssayServer.Project();
        await using var client = new AssayClient(new AssayClientOptions { Endpoint = server.Address, ApiKey = "assay_nope_nope" });

        client.Send(Interaction($"refused-{project}", project));
        client.Send(Interaction($"refused-{project}-2", project));
        await client.FlushAsync().WaitAsync(s_bound);

        Assert.Equal((2L, 0L), (client.Counters.Failed, client.Counters.Accepted));
        Assert.StartsWith("401", client.Counters.LastError, StringComparison.Ordinal);
        Assert.Null(await server.Store.GetAsync($"refused-{project}", CancellationToken.None));
    }

    [Fact]
    public async Task Overload_is_retried_with_the_same_body_until_the_server_takes_it()
    {
        await using var endpoint = await FakeIngestEndpoint.StartAsync((request, _) => request <= 2 ? 503 : 202);
        await using var client = new AssayClient(new AssayClientOptions { Endpoint = endpoint.Address, ApiKey = "assay_k_s", FirstRetryDelay = TimeSpan.FromMilliseconds(10) });

        for (var i = 0; i < 3; i++)
            client.Send(Interaction($"retry-{i}", "p"));
        await client.FlushAsync().WaitAsync(s_bound);

        Assert.Equal((3L, 0L), (client.Counters.Accepted, client.Counters.Failed));
        var requests = endpoint.Requests.ToList();
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r => Assert.Equal(requests[0].Lines, r.Lines));
        Assert.All(requests, r => Assert.Equal("Bearer assay_k_s", r.Authorization));
        Assert.Contains("\"id\":\"retry-1\"", requests[0].Lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_stays_overloaded_is_tried_max_attempts_times_then_the_batch_counts_failed()
    {
        await using var endpoint = await FakeIngestEndpoint.StartAsync((_, _) => 503);
        await using var client = new AssayClient(new AssayClientOptions { Endpoint = endpoint.Address, MaxAttempts = 3, FirstRetryDelay = TimeSpan.FromMilliseconds(5) });

        client.Send(Interaction("given-up", "p"));
        await client.FlushAsync().WaitAsync(s_bound);

        Assert.Equal((1L, 0L, 3), (client.Counters.Failed, client.Counters.Accepted, endpoint.Requests.Count));
        Assert.Contains("gave up after 3 tries", client.Counters.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_too_large_for_the_server_is_halved_until_each_part_fits()
    {
        await using var endpoint = await FakeIngestEndpoint.StartAsync((_, lines) => lines > 3 ? 413 : 202, holdFirst: TimeSpan.FromMilliseconds(500));
        await using var client = new AssayClient(new AssayClientOptions { Endpoint = endpoint.Address, MaxBatchSize = 100 });

        // While the first request waits for its answer, ten more queue up behind it: the next batch is all ten.
        client.Send(Interaction("first", "p"));
        for (var wait = 0; endpoint.Requests.IsEmpty && wait < 300; wait++)
            await Task.Delay(10);
        Enumerable.Range(0, 10).ToList().ForEach(i => client.Send(Interaction($"big-{i}", "p")));
        await client.FlushAsync().WaitAsync(s_bound);

        Assert.Equal((11L, 0L), (client.Counters.Accepted, client.Counters.Failed));
        var requests = endpoint.Requests.ToList();
        Assert.Equal([1, 10, 5, 2, 3, 5, 2, 3], requests.Select(r => r.Lines.Length));
        var stored = requests.Where(r => r.Lines.Length <= 3).SelectMany(r => r.Lines).ToList();
        Assert.Equal(11, stored.Distinct().Count());
    }

    [Fact]
    public async Task When_the_server_is_away_send_never_blocks_and_a_full_queue_drops_and_counts()
    {
        await using var client = new AssayClient(new AssayClientOptions
        {
            Endpoint = ClosedPort(),
            Capacity = 10,
            MaxBatchSize = 1,
            FirstRetryDelay = TimeSpan.FromSeconds(10),
            ShutdownTimeout = TimeSpan.FromMilliseconds(200),
        });

        var clock = Stopwatch.StartNew();
        var taken = Enumerable.Range(0, 1_000).Count(i => client.Send(Interaction($"away-{i}", "p")));
        var elapsed = clock.Elapsed;

        // The queue holds 10, and the sender holds at most one batch of 1 while it backs off.
        Assert.InRange(taken, 10, 11);
        Assert.Equal((1_000L - taken, (long)taken), (client.Counters.Dropped, client.Counters.Queued));
        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"1,000 sends took {elapsed}");
        await client.DisposeAsync();
        Assert.Equal(taken, client.Counters.Failed);
        Assert.False(client.Send(Interaction("after-dispose", "p")));
    }

    internal static AssayInteraction Interaction(string id, string project) =>
        new(id, "atlas", [new AssayMessage("system", "Be brief."), new AssayMessage("user", "Capital of France?")], "Paris.")
        {
            Timestamp = new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero),
            ModelVersion = "2026-12",
            Reasoning = "Think first.",
            Metadata = new AssayMetadata { Project = project, SessionId = "s-1", Risk = "high", Tags = new Dictionary<string, string> { ["channel"] = "test" } },
            Usage = new AssayUsage { InputTokens = 12, OutputTokens = 3, ReasoningTokens = 9 },
            LatencyMs = 120,
        };

    /// <summary>A loopback address where nothing listens: connections are refused at once.</summary>
    private static Uri ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }
}
