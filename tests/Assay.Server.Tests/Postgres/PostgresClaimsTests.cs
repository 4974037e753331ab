using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Assay.Review;
using Assay.Storage;
using Assay.Storage.Tests.Postgres;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Assay.Server.Tests.Postgres;

/// <summary>Two <c>assay serve</c> nodes on one PostgreSQL database split the pipeline's work and the review queue, each item once.</summary>
public sealed class PostgresClaimsTests
{
    [Fact]
    public async Task Two_nodes_process_every_interaction_exactly_once_and_share_the_work()
    {
        const int Interactions = 480;
        var connection = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        var counters = new[] { new ProcessedCounter(), new ProcessedCounter() };
        await using var node1 = await StartAsync(connection, "node-1", counters[0]);
        await using var node2 = await StartAsync(connection, "node-2", counters[1]);
        var planted = new HashSet<string>(StringComparer.Ordinal);
        using var client1 = Client(node1, null);
        using var client2 = Client(node2, null);
        for (var bulk = 0; bulk < Interactions / 20; bulk++)
        {
            var lines = new List<JsonNode>();
            for (var n = 0; n < 20; n++)
            {
                var id = $"claims-{bulk:D3}-{n:D2}";
                var email = n % 3 == 0;
                if (email)
                    planted.Add(id);
                var interaction = Some.Interaction(id, response: email ? $"Write to someone{bulk}.{n}@example.com for that." : "Paris is the capital of France.");
                interaction["metadata"]!["risk"] = n % 5 == 0 ? "high" : "normal";
                lines.Add(interaction);
            }

            using var content = new StringContent(Some.Ndjson(lines));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
            using var posted = await (bulk % 2 == 0 ? client1 : client2).PostAsync(new Uri("v1/interactions", UriKind.Relative), content);
            Assert.True(posted.IsSuccessStatusCode, $"{posted.StatusCode}: {await posted.Content.ReadAsStringAsync()}");
        }

        await WaitProcessedAsync(node1.Services.GetRequiredService<IInteractionStore>(), Interactions);

        await using var database = new NpgsqlConnection(connection);
        await database.OpenAsync();
        Assert.Equal(Interactions, await ScalarAsync(database, "SELECT count(*) FROM interactions WHERE processed_at IS NOT NULL"));
        Assert.Equal(Interactions, await ScalarAsync(database, "SELECT count(*) FROM routing"));
        Assert.Equal(planted.Count, await ScalarAsync(database, "SELECT count(*) FROM flags WHERE rule = 'pii.email'"));
        Assert.Equal(0, await ScalarAsync(database, """
            SELECT count(*) FROM interactions i
            WHERE (SELECT count(*) FROM review_tasks t WHERE t.interaction_seq = i.seq) > 1
            """));
        Assert.Equal(planted.Count, await ScalarAsync(database, $"""
            SELECT count(*) FROM flags f JOIN interactions i ON i.seq = f.interaction_seq
            WHERE f.rule = 'pii.email' AND i.id IN ({string.Join(", ", planted.Select(p => $"'{p}'"))})
            """));
        // Exactly once: the workers' own counts of what they completed add up to the interactions, none twice.
        Assert.Equal(Interactions, counters.Sum(c => c.Processed));
        // Both did work, and the database names as holder of each interaction the node that says it completed it.
        var byNode = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var owners = new NpgsqlCommand("SELECT lease_owner, count(*) FROM interactions GROUP BY lease_owner", database))
        await using (var reader = await owners.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
                byNode[reader.GetString(0)] = reader.GetInt64(1);
        }

        Assert.True(counters.All(c => c.Processed > 0), $"one node did all the work: {counters[0].Processed} and {counters[1].Processed}");
        Assert.Equal(new Dictionary<string, long> { ["node-1"] = counters[0].Processed, ["node-2"] = counters[1].Processed }, byNode);
    }

    [Fact]
    public async Task Many_reviewers_asking_two_nodes_at_once_never_get_a_task_beyond_its_labels()
    {
        const int Reviewers = 24;
        var connection = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        await using var node1 = await StartAsync(connection, "node-1", null, requireKeys: true);
        await using var node2 = await StartAsync(connection, "node-2", null, requireKeys: true);
        var store = node1.Services.GetRequiredService<IReviewStore>();
        var tokens = new List<string>();
        for (var r = 0; r < Reviewers; r++)
            tokens.Add(await KeyAsync(store, $"reviewer-{r:D2}", Role.Reviewer));
        using var ingest = Client(node1, await KeyAsync(store, "app", Role.Ingest));
        for (var n = 0; n < 8; n++)
        {
            var interaction = Some.Interaction($"queue-{n}");
            interaction["metadata"]!["risk"] = "high";
            using var posted = await ingest.PostAsJsonAsync(new Uri("v1/interactions", UriKind.Relative), interaction);
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        }

        await WaitProcessedAsync(node1.Services.GetRequiredService<IInteractionStore>(), 8);
        var required = (await store.ListTasksAsync(ApiKey.AllProjects, "open", null, 0, 100, CancellationToken.None)).Tasks
            .ToDictionary(t => t.TaskId, t => t.RequiredLabels);
        Assert.Equal(8, required.Count);
        var clients = tokens.Select((t, r) => Client(r % 2 == 0 ? node1 : node2, t)).ToList();

        var first = await Task.WhenAll(clients.Select(c => Task.Run(() => NextAsync(c))));
        var second = await Task.WhenAll(clients.Select(c => Task.Run(() => NextAsync(c))));

        var held = first.Where(t => t is not null).GroupBy(t => t!.Value).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(held, h => Assert.True(h.Value <= required[h.Key], $"task {h.Key} needs {required[h.Key]} labels and went to {h.Value} reviewers"));
        Assert.True(held.Values.Sum() >= Reviewers / 2, $"only {held.Values.Sum()} of {required.Values.Sum()} places were handed out");
        // Asking again, on either node, gives each reviewer the task they hold.
        Assert.All(first.Zip(second), pair => Assert.True(pair.First is null || pair.First == pair.Second, $"{pair.First} then {pair.Second}"));
        foreach (var client in clients)
            client.Dispose();
    }

    private static async Task<long?> NextAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("v1/review/next", UriKind.Relative));
        if (response.StatusCode == HttpStatusCode.NoContent)
            return null;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var task = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(task.TryGetProperty("label_count", out _), task.ToString()); // blind: a reviewer never learns how many labelled
        return task.GetProperty("task_id").GetInt64();
    }

    private static async Task<string> KeyAsync(IReviewStore store, string name, Role role)
    {
        var (token, id, hash) = ApiKeySecrets.Create();
        await store.CreateKeyAsync(new ApiKey(id, name, role, ApiKey.AllProjects, DateTimeOffset.UtcNow, null), hash, CancellationToken.None);
        return token;
    }

    private static async Task<WebApplication> StartAsync(string connection, string node, ProcessedCounter? counter, bool requireKeys = false)
    {
        var parsed = new NpgsqlConnectionStringBuilder(connection);
        var options = new AssayServerOptions
        {
            DatabasePath = $"postgresql://{parsed.Username}@{parsed.Host}:{parsed.Port}/{parsed.Database}",
            Urls = "http://127.0.0.1:0",
            RequireApiKeys = requireKeys,
            NodeId = node,
            PipelineBatch = 16, // small batches, so that both nodes' workers find work
        };
        var app = AssayServer.Build(options, logging =>
        {
            logging.SetMinimumLevel(LogLevel.Debug);
            if (counter is not null)
                logging.AddProvider(counter);
        });
        await app.StartAsync();
        return app;
    }

    private static HttpClient Client(WebApplication app, string? token)
    {
        var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    private static async Task WaitProcessedAsync(IInteractionStore store, int expected)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var counts = await store.CountAsync(CancellationToken.None);
            if (counts.Interactions == expected && counts.Processed == expected)
                return;
            await Task.Delay(100);
        }

        throw new TimeoutException("the nodes did not process everything within thirty seconds");
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
