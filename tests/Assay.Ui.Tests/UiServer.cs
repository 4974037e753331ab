using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Assay.Policy;
using Assay.Review;
using Assay.Server;
using Assay.Storage;
using Assay.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Assay.Ui.Tests;

/// <summary>A real Assay server on Kestrel at a free local port, with a temporary database and helpers to create keys and ingest.</summary>
internal sealed class UiServer : IAsyncDisposable
{
    public const string Project = "ui";

    private readonly string _directory;
    private readonly WebApplication _app;

    private UiServer(string directory, WebApplication app, Uri address)
    {
        _directory = directory;
        _app = app;
        Address = address;
        Store = new SqliteReviewStore(app.Services.GetRequiredService<SqliteDatabase>(), TimeProvider.System);
        Http = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }

    public IReviewStore Store { get; }

    public HttpClient Http { get; }

    /// <param name="configure">Changes to the server's options, e.g. a shorter monitor interval.</param>
    public static async Task<UiServer> StartAsync(Func<AssayServerOptions, AssayServerOptions>? configure = null)
    {
        var directory = Directory.CreateTempSubdirectory("assay-ui-").FullName;
        // No calibration tasks, so that two disagreeing labels always send the task to a lead.
        var yaml = StarterPolicy.Yaml();
        Assert.Contains("calibration_share: 0.1", yaml, StringComparison.Ordinal);
        var policyPath = Path.Combine(directory, "policy.yaml");
        await File.WriteAllTextAsync(policyPath, yaml.Replace("calibration_share: 0.1", "calibration_share: 0", StringComparison.Ordinal));
        var options = new AssayServerOptions { DatabasePath = Path.Combine(directory, "ui.db"), Urls = "http://127.0.0.1:0", PolicyPath = policyPath };
        var app = AssayServer.Build(configure is null ? options : configure(options));
        await app.StartAsync();
        return new UiServer(directory, app, new Uri(app.Urls.First() + "/"));
    }

    public async Task<string> CreateKeyAsync(string name, Role role, string project = Project)
    {
        var (token, keyId, hash) = ApiKeySecrets.Create();
        await Store.CreateKeyAsync(new ApiKey(keyId, name, role, project, DateTimeOffset.UtcNow, null), hash, CancellationToken.None);
        return token;
    }

    public async Task IngestAsync(JsonObject interaction)
    {
        using var content = new StringContent(interaction.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync("v1/interactions", content);
        Assert.True(response.IsSuccessStatusCode, $"ingest answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Waits, bounded, until the pipeline has opened at least <paramref name="count"/> review tasks.</summary>
    public async Task WaitForOpenTasksAsync(string leadKey, int count)
    {
        for (var i = 0; i < 200; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "v1/review/queue");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", leadKey);
            using var response = await Http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            var queue = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            var open = queue["open_by_tier"]!.AsObject().Sum(p => p.Value!.GetValue<int>());
            if (open >= count)
                return;
            await Task.Delay(50);
        }

        Assert.Fail($"the pipeline did not open {count} review task(s) within 10 s");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may hold the file a moment longer; a temp directory left behind is harmless.
        }
    }
}
