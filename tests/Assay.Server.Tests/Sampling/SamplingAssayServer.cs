using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Assay.Policy;
using Assay.Review;
using Assay.Server.Sampling;
using Assay.Storage;
using Assay.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Assay.Server.Tests.Sampling;

/// <summary>A real Assay server whose policy is the starter policy plus a <c>sampling</c> section, drawing from <paramref name="sampler"/>.</summary>
/// <remarks>With a whole <c>policy</c> instead, that policy is used as it is (the judge tests need rules of their own).</remarks>
internal sealed class SamplingAssayServer(string sampling, SamplerOptions sampler, string? policy = null, Assay.Server.Judging.JudgeOptions? judge = null,
    Assay.Server.Otlp.VerdictExportOptions? export = null) : AssayTestServer, IAsyncDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("assay-sampling-");

    /// <summary>Options that retry and poll fast enough for tests; the key is given here, not read from the environment.</summary>
    public static SamplerOptions Options(FakeChatEndpoint endpoint, string? apiKey = "sk-test-sampler") => new()
    {
        Endpoint = endpoint.BaseAddress,
        Model = "atlas-sampler",
        ApiKey = apiKey,
        InitialBackoff = TimeSpan.FromMilliseconds(100),
        MaxBackoff = TimeSpan.FromMilliseconds(800),
        IdlePoll = TimeSpan.FromMilliseconds(50),
        RequestTimeout = TimeSpan.FromSeconds(10),
    };

    public static async Task<SamplingAssayServer> StartAsync(string sampling, SamplerOptions sampler)
    {
        var server = new SamplingAssayServer(sampling, sampler);
        await server.InitializeAsync();
        return server;
    }

    /// <summary>A server running <paramref name="policy"/> whose judges ask <paramref name="judge"/>; no sampler.</summary>
    public static async Task<SamplingAssayServer> StartJudgingAsync(string policy, Assay.Server.Judging.JudgeOptions judge, Assay.Server.Otlp.VerdictExportOptions? export = null)
    {
        var server = new SamplingAssayServer("", new SamplerOptions(), policy, judge, export);
        await server.InitializeAsync();
        return server;
    }

    protected override AssayServerOptions Configure(AssayServerOptions options)
    {
        var path = Path.Combine(_folder.FullName, "policy.yaml");
        File.WriteAllText(path, policy ?? StarterPolicy.Yaml().TrimEnd() + "\n" + sampling);
        // Judging servers evaluate the built-in judge-drift check often enough for a test to see it fire.
        return options with
        {
            PolicyPath = path,
            Sampler = sampler,
            Judge = judge ?? new Assay.Server.Judging.JudgeOptions(),
            MonitorInterval = judge is null ? options.MonitorInterval : TimeSpan.FromMilliseconds(300),
            VerdictExport = export ?? options.VerdictExport,
        };
    }

    /// <summary>An interaction without client samples whose user message is <paramref name="user"/>.</summary>
    public static JsonObject Interaction(string user, string response, string? risk = null)
    {
        var interaction = Some.Interaction(Some.Id("s"), response, user);
        interaction.Remove("samples");
        if (risk is not null)
            interaction["metadata"]!["risk"] = risk;
        return interaction;
    }

    public async Task IngestAsync(params JsonObject[] interactions)
    {
        using var response = await PostAsync(Some.Utf8(Some.Ndjson(interactions)), "application/x-ndjson");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>What the store recorded for the interaction with <paramref name="id"/>.</summary>
    public async Task<RecordedProcessing?> RecordedAsync(string id) =>
        (await Store.RecordedAsync(0, 10_000, CancellationToken.None)).SingleOrDefault(r => r.InteractionId == id);

    /// <summary>Waits until the drawn score of <paramref name="id"/> is stored; at most <paramref name="seconds"/> seconds.</summary>
    public async Task<SelfAgreementRecord> DrawnAsync(string id, int seconds = 15)
    {
        SelfAgreementRecord? record = null;
        await Wait.UntilAsync(async () => (record = (await RecordedAsync(id))?.SelfAgreement) is { Source: SampleSource.Drawn }, seconds,
            $"no drawn score for '{id}'");
        return record!;
    }

    /// <summary>Stores a new key and returns its token, as <c>assay keys create</c> would.</summary>
    public async Task<string> KeyAsync(Role role, string project = ApiKey.AllProjects)
    {
        var store = new SqliteReviewStore(Services.GetRequiredService<SqliteDatabase>(), TimeProvider.System);
        var (token, keyId, hash) = ApiKeySecrets.Create();
        await store.CreateKeyAsync(new ApiKey(keyId, $"{role}-{keyId}".ToLowerInvariant(), role, project, DateTimeOffset.UtcNow, null), hash, CancellationToken.None);
        return token;
    }

    /// <summary>GET /v1/sampling/status with a lead key.</summary>
    public async Task<JsonElement> StatusAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("v1/sampling/status", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await KeyAsync(Role.Lead));
        using var response = await Http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        _folder.Delete(recursive: true);
    }
}
