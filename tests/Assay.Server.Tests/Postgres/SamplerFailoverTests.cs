using System.Net.Http.Json;
using Assay.Policy;
using Assay.Server.Election;
using Assay.Server.Sampling;
using Assay.Server.Tests.Sampling;
using Assay.Storage;
using Assay.Storage.Tests.Postgres;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Assay.Server.Tests.Postgres.FailoverNodes;

namespace Assay.Server.Tests.Postgres;

/// <summary>The sampler on two nodes over one PostgreSQL database: one draws at a time, and the daily budget is the store's, shared.</summary>
public sealed class SamplerFailoverTests : IDisposable
{
    private const string Question = "What is the capital of France, and which river runs through it?";
    private const string Other = "When was the Eiffel Tower built and what is it made of?";
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("assay-sampler-failover-");

    [Fact]
    public async Task A_node_that_leads_the_sampler_again_rereads_the_days_spend_of_every_node_and_stays_paused()
    {
        var connection = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        var uri = Uri(connection);
        await using var endpoint = await FakeChatEndpoint.StartAsync(r => new FakeChatReply(r.User == Question ? "Paris, on the Seine." : "In 1889, of iron."));
        // Every completion reports 50 tokens: two samples spend the day's 100.
        var policy = Path.Combine(_folder.FullName, "policy.yaml");
        File.WriteAllText(policy, StarterPolicy.Yaml().TrimEnd() + "\nsampling:\n  share: 1\n  samples: 2\n  requests_per_minute: 600\n  daily_token_budget: 100\n");
        await using var b = await StartSamplingAsync(uri, policy, endpoint);
        await UntilAsync(() => Task.FromResult(LeadsSampler(b)), TimeSpan.FromSeconds(20), "the first node never led the sampler");
        await using var a = await StartSamplingAsync(uri, policy, endpoint);

        // Hand the lead from b to a: b's renewal finds its session gone; a, retrying, may take it first or b again.
        await UntilAsync(async () =>
        {
            await TerminateLeaderSessionAsync(connection, b);
            await Task.Delay(Retry / 2);
            return LeadsSampler(a);
        }, TimeSpan.FromSeconds(60), "the second node never took the sampler");
        // b acts on until its next renewal finds the session gone: at most one retry period.
        await UntilAsync(() => Task.FromResult(!LeadsSampler(b)), Retry * 3, "the node whose session died went on leading");

        // a draws for the first interaction and spends the day's budget; then a stops and b leads again.
        await IngestAsync(a, SamplingAssayServer.Interaction(Question, "Paris. It lies on the Seine."));
        // Stored, not only requested: spend the store has not recorded yet is what a leader dying mid-draw loses.
        await UntilAsync(async () => (await a.Services.GetRequiredService<IInteractionStore>().RecordedAsync(0, 10, CancellationToken.None))
            .Any(r => r.SelfAgreement?.Source == SampleSource.Drawn), TimeSpan.FromSeconds(30), "the leader never stored a draw for the first interaction");
        await a.StopAsync();
        await UntilAsync(() => Task.FromResult(LeadsSampler(b)), TimeSpan.FromSeconds(30), "the first node never led the sampler again");
        await IngestAsync(b, SamplingAssayServer.Interaction(Other, "It was built in 1889 of wrought iron."));
        await Task.Delay(TimeSpan.FromSeconds(2));

        // b spent nothing itself, yet knows the day's budget is gone: it re-read the store when it took the lead.
        Assert.Empty(endpoint.RequestsAbout(Other));
        var status = Status(b);
        Assert.Equal((100L, true), (status.TokensSpentToday, status.PausedByBudget));
        Assert.Equal(2, endpoint.Requests.Count);
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private static async Task<WebApplication> StartSamplingAsync(string uri, string policy, FakeChatEndpoint endpoint)
    {
        var app = AssayServer.Build(new AssayServerOptions
        {
            DatabasePath = uri,
            Urls = "http://127.0.0.1:0",
            PolicyPath = policy,
            Sampler = SamplingAssayServer.Options(endpoint),
            LeaderRetry = Retry,
        }, logging => { });
        await app.StartAsync();
        return app;
    }

    private static bool LeadsSampler(WebApplication node) => node.Services.GetRequiredService<Leadership>().IsLeader(Leadership.Sampler);

    private static SamplingStatusReport Status(WebApplication node) => node.Services.GetRequiredService<SamplingStatus>().Report();

    private static async Task TerminateLeaderSessionAsync(string connection, WebApplication node)
    {
        await using var admin = new NpgsqlConnection(connection);
        await admin.OpenAsync();
        // PostgreSQL keeps the first 63 bytes of an application name.
        var name = $"assay sampler leader {node.Services.GetRequiredService<Leadership>().NodeId}";
        await using var kill = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1", admin)
        {
            Parameters = { new() { Value = name.Length > 63 ? name[..63] : name } },
        };
        await kill.ExecuteScalarAsync();
    }

    private static async Task IngestAsync(WebApplication node, System.Text.Json.Nodes.JsonObject interaction)
    {
        using var http = new HttpClient { BaseAddress = new System.Uri(node.Urls.First()) };
        using var response = await http.PostAsJsonAsync(new System.Uri("v1/interactions", UriKind.Relative), interaction);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
