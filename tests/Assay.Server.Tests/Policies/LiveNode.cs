using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Assay.Policy;
using Assay.Review;
using Assay.Server.Judging;
using Assay.Server.Sampling;
using Assay.Storage;
using Assay.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Assay.Server.Tests.Policies;

/// <summary>
/// A real server whose policy is changed over the API while it runs: started with <paramref name="policy"/> (none: what the
/// database says runs, or the starter policy), the sampler's and the judges' endpoints, and optionally another node's database.
/// </summary>
internal sealed class LiveNode(string? policy, SamplerOptions? sampler = null, JudgeOptions? judge = null, string? databasePath = null, bool runPipeline = true)
    : AssayTestServer, IAsyncDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("assay-live-");

    public static async Task<LiveNode> StartAsync(string? policy, SamplerOptions? sampler = null, JudgeOptions? judge = null, string? databasePath = null, bool runPipeline = true)
    {
        var node = new LiveNode(policy, sampler, judge, databasePath, runPipeline);
        await node.InitializeAsync();
        return node;
    }

    protected override AssayServerOptions Configure(AssayServerOptions options)
    {
        string? path = null;
        if (policy is not null)
        {
            path = Path.Combine(_folder.FullName, "policy.yaml");
            File.WriteAllText(path, policy);
        }

        // No key from the environment: a node without endpoints here must have none.
        return options with
        {
            DatabasePath = databasePath ?? options.DatabasePath,
            PolicyPath = path,
            Sampler = sampler ?? new SamplerOptions { ApiKey = null },
            Judge = judge ?? new JudgeOptions { ApiKey = null },
            PolicyPoll = TimeSpan.FromMilliseconds(100),
            RunPipeline = runPipeline,
        };
    }

    public async Task IngestAsync(params JsonObject[] interactions)
    {
        using var response = await PostAsync(Some.Utf8(Some.Ndjson(interactions)), "application/x-ndjson");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Stores a new key for every project and returns its token, as <c>assay keys create</c> would.</summary>
    public async Task<string> KeyAsync(Role role)
    {
        var store = new SqliteReviewStore(Services.GetRequiredService<SqliteDatabase>(), TimeProvider.System);
        var (token, keyId, hash) = ApiKeySecrets.Create();
        await store.CreateKeyAsync(new ApiKey(keyId, $"{role}-{keyId}".ToLowerInvariant(), role, ApiKey.AllProjects, DateTimeOffset.UtcNow, null), hash, CancellationToken.None);
        return token;
    }

    /// <summary>Uploads <paramref name="yaml"/> and activates it over the API with an admin key, as <c>assay policy activate</c> does; returns its hash.</summary>
    public async Task<string> ActivateAsync(string yaml)
    {
        using var client = await ClientAsync(Role.Admin);
        using var text = new StringContent(yaml, new MediaTypeHeaderValue("application/yaml"));
        using (var upload = await client.PostAsync(new Uri("v1/policies?source=live.yaml", UriKind.Relative), text))
            Assert.True(upload.StatusCode == HttpStatusCode.Created, await upload.Content.ReadAsStringAsync());
        var hash = PolicyLoader.Hash(yaml);
        using var activate = await client.PostAsync(new Uri($"v1/policies/{hash}/activate", UriKind.Relative), null);
        Assert.True(activate.IsSuccessStatusCode, await activate.Content.ReadAsStringAsync());
        return hash;
    }

    /// <summary><c>GET /v1/{what}/status</c> (<c>sampling</c> or <c>judging</c>) with a lead key for every project.</summary>
    public async Task<JsonElement> StatusAsync(string what)
    {
        using var client = await ClientAsync(Role.Lead);
        using var response = await client.GetAsync(new Uri($"v1/{what}/status", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The stored verdicts by interaction id.</summary>
    public async Task<ILookup<string, JudgeRecord>> VerdictsAsync()
    {
        var ids = (await Store.RecordedAsync(0, 10_000, CancellationToken.None)).ToDictionary(r => r.Sequence, r => r.InteractionId);
        return (await Store.JudgedAsync(0, long.MaxValue, CancellationToken.None)).ToLookup(v => ids[v.Sequence]);
    }

    /// <summary>What the store recorded for the interaction with <paramref name="id"/>.</summary>
    public async Task<RecordedProcessing> RecordedAsync(string id) =>
        (await Store.RecordedAsync(0, 10_000, CancellationToken.None)).Single(r => r.InteractionId == id);

    private async Task<HttpClient> ClientAsync(Role role)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await KeyAsync(role));
        return client;
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        _folder.Delete(recursive: true);
    }
}
