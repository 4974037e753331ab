using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Assay.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Assay.Server.Tests;

/// <summary>A real Assay server on Kestrel at 127.0.0.1 (a free port) over a temporary SQLite file.</summary>
/// <remarks>Usable as an xunit class fixture; derive and override <see cref="Configure"/> for other options.</remarks>
#pragma warning disable CA1001 // The database is deleted in IAsyncLifetime.DisposeAsync, which xunit calls.
public class AssayTestServer : IAsyncLifetime
#pragma warning restore CA1001
{
    private readonly TempDatabase _database = new();
    private WebApplication? _app;

    public HttpClient Http { get; private set; } = null!;

    public Uri Address { get; private set; } = null!;

    public string DatabasePath => _database.Path;

    /// <summary>Every address the server listens on, in the order its listeners were configured.</summary>
    public IReadOnlyList<Uri> Urls => _app!.Urls.Select(u => new Uri(u)).ToList();

    /// <summary>The server's services, to observe its internal state (for example the body budget).</summary>
    public IServiceProvider Services => _app!.Services;

    /// <summary>The server's own store, to check what was (not) written.</summary>
    public IInteractionStore Store => _app!.Services.GetRequiredService<IInteractionStore>();

    public virtual async Task InitializeAsync()
    {
        var options = Configure(new AssayServerOptions { DatabasePath = _database.Path, Urls = "http://127.0.0.1:0" });
        _app = AssayServer.Build(options, ConfigureLogging);
        await _app.StartAsync();
        Address = new Uri(_app.Urls.First());
        Http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Stops the server and starts a new one over the same database, as after a crash or a deploy.</summary>
    public async Task RestartAsync()
    {
        Http.Dispose();
        await _app!.StopAsync();
        await _app.DisposeAsync();
        await InitializeAsync();
    }

    /// <summary>Stops and disposes the server, keeping its database file for the test to look at.</summary>
    public async Task StopAsync()
    {
        Http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        _database.Dispose();
    }

    protected virtual AssayServerOptions Configure(AssayServerOptions options) => options;

    /// <summary>No logging by default; override to observe what the server logs.</summary>
    protected virtual void ConfigureLogging(Microsoft.Extensions.Logging.ILoggingBuilder logging)
    {
    }

    public Task<HttpResponseMessage> PostAsync(string body, string contentType = "application/json") =>
        PostAsync(Some.Utf8(body), contentType);

    public async Task<HttpResponseMessage> PostAsync(byte[] body, string? contentType)
    {
        using var content = new ByteArrayContent(body);
        if (contentType is not null)
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await Http.PostAsync(new Uri("v1/interactions", UriKind.Relative), content);
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Polls <c>GET /v1/interactions/{id}</c> until the pipeline has processed it; at most ten seconds.</summary>
    public async Task<JsonElement> WaitUntilProcessedAsync(string id)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var view = await GetJsonAsync($"v1/interactions/{Uri.EscapeDataString(id)}");
            if (view.GetProperty("processing").GetProperty("state").GetString() == "done")
                return view;
            await Task.Delay(100);
        }

        throw new TimeoutException($"interaction '{id}' was not processed within ten seconds");
    }

    /// <summary>Polls the store until everything stored is processed; at most ten seconds.</summary>
    public async Task<StoreCounts> WaitUntilAllProcessedAsync()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var counts = await Store.CountAsync(CancellationToken.None);
            if (counts.Processed == counts.Interactions)
                return counts;
            await Task.Delay(100);
        }

        throw new TimeoutException("the pipeline did not catch up within ten seconds");
    }
}
