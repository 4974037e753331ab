using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Assay.Review;
using Assay.Storage;
using Assay.Storage.Tests.Postgres;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Assay.Server.Tests.Postgres;

/// <summary><c>assay serve --db postgresql://…</c> on real Kestrel and a real PostgreSQL server: ingest, detection, review and keys.</summary>
public sealed class PostgresServeTests
{
    [Fact]
    public async Task Serve_on_postgres_ingests_flags_and_reviews_and_a_second_node_sees_the_same_data()
    {
        var connection = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        var uri = Uri(connection);
        await using var node1 = await StartAsync(uri);
        await using var node2 = await StartAsync(uri);
        var store = node1.Services.GetRequiredService<IReviewStore>();
        var (ingestToken, ingestId, ingestHash) = ApiKeySecrets.Create();
        await store.CreateKeyAsync(new ApiKey(ingestId, "app", Role.Ingest, ApiKey.AllProjects, DateTimeOffset.UtcNow, null), ingestHash, CancellationToken.None);
        var (leadToken, leadId, leadHash) = ApiKeySecrets.Create();
        await store.CreateKeyAsync(new ApiKey(leadId, "lea", Role.Lead, ApiKey.AllProjects, DateTimeOffset.UtcNow, null), leadHash, CancellationToken.None);
        using var ingest = Client(node1, ingestToken);
        using var lead = Client(node2, leadToken);
        var id = Some.Id("pg");
        var interaction = Some.Interaction(id, response: "Write to jane.doe@example.com for that.");
        interaction["metadata"]!["risk"] = "high";

        using var accepted = await ingest.PostAsJsonAsync(new Uri("v1/interactions", UriKind.Relative), interaction);
        using var again = await Client(node2, ingestToken).PostAsJsonAsync(new Uri("v1/interactions", UriKind.Relative), interaction);
        await WaitProcessedAsync(node2.Services.GetRequiredService<IInteractionStore>());
        var read = await lead.GetFromJsonAsync<JsonElement>(new Uri($"v1/interactions/{id}", UriKind.Relative));
        var tasks = await lead.GetFromJsonAsync<JsonElement>(new Uri($"v1/review/tasks?interaction_id={id}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("duplicate", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Contains(read.GetProperty("flags").EnumerateArray(), f => f.GetProperty("rule").GetString() == "pii.email");
        Assert.Single(tasks.GetProperty("tasks").EnumerateArray());
        using var anonymous = new HttpClient { BaseAddress = new Uri(node2.Urls.First()) };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("v1/review/queue", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Shutdown_disposes_the_pool_and_the_leadership_so_the_node_leaves_no_session_on_the_server()
    {
        var connection = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        var app = await StartAsync(Uri(connection));
        var database = app.Services.GetRequiredService<Storage.Postgres.PostgresDatabase>();
        var leadership = (Storage.Postgres.PostgresLeadership)app.Services.GetRequiredService<ILeadership>();
        await using var watcher = Npgsql.NpgsqlDataSource.Create(new Npgsql.NpgsqlConnectionStringBuilder(connection) { Pooling = false }.ConnectionString);
        async Task<long> SessionsAsync()
        {
            await using var command = watcher.CreateCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
            return (long)(await command.ExecuteScalarAsync())!;
        }

        // Started: the pool holds the connections it migrated and worked with, and the monitor's leader holds its lock on a session of its own.
        await WaitForAsync(async () => await SessionsAsync() > 0);

        await app.StopAsync();
        await app.DisposeAsync();

        await WaitForAsync(async () => await SessionsAsync() == 0);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await database.DataSource.OpenConnectionAsync());
        await Assert.ThrowsAnyAsync<ObjectDisposedException>(async () => await leadership.TryAcquireAsync("monitor", "after", CancellationToken.None));
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (await condition())
                return;
            await Task.Delay(100);
        }

        Assert.Fail("the condition did not hold within ten seconds");
    }

    private static async Task<WebApplication> StartAsync(string uri)
    {
        var app = AssayServer.Build(new AssayServerOptions { DatabasePath = uri, Urls = "http://127.0.0.1:0", RequireApiKeys = true }, logging => { });
        await app.StartAsync();
        return app;
    }

    private static HttpClient Client(WebApplication app, string token)
    {
        var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    private static async Task WaitProcessedAsync(IInteractionStore store)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var counts = await store.CountAsync(CancellationToken.None);
            if (counts.Interactions > 0 && counts.Processed == counts.Interactions)
                return;
            await Task.Delay(100);
        }

        throw new TimeoutException("the pipeline did not catch up within ten seconds");
    }

    /// <summary>The keyword connection string of the test server as the URI a user would pass to <c>--db</c>.</summary>
    private static string Uri(string connection)
    {
        var parsed = new Npgsql.NpgsqlConnectionStringBuilder(connection);
        return $"postgresql://{parsed.Username}@{parsed.Host}:{parsed.Port}/{parsed.Database}";
    }
}
