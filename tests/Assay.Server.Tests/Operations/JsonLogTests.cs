using System.Net;
using System.Text.Json;

namespace Assay.Server.Tests.Operations;

/// <summary><c>serve --log-format json</c> as a real child process: every line it writes is one JSON object.</summary>
[Collection(ChildProcesses.Name)]
public sealed class JsonLogTests
{
    [Fact]
    public async Task Serve_with_json_logs_writes_only_json_lines_each_with_a_level_and_a_message()
    {
        using var database = new TempDatabase();
        var port = AssayProcess.FreePort();
        using var server = AssayProcess.Start("serve", "--db", database.Path, "--urls", $"http://127.0.0.1:{port}", "--no-auth", "--log-format", "json");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(5) };
        var ready = false;
        for (var attempt = 0; attempt < 300 && !ready && !server.HasExited; attempt++)
        {
            try
            {
                ready = (await http.GetAsync(new Uri("healthz", UriKind.Relative))).StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        Assert.True(ready, server.Output);
        server.Kill();

        var lines = server.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            using var entry = JsonDocument.Parse(line);
            Assert.True(entry.RootElement.TryGetProperty("LogLevel", out _), line);
            Assert.True(entry.RootElement.TryGetProperty("Message", out _), line);
        }
    }

    [Fact]
    public async Task Serve_with_an_unknown_log_format_fails_naming_it()
    {
        using var database = new TempDatabase();
        using var server = AssayProcess.Start("serve", "--db", database.Path, "--log-format", "yaml");

        Assert.NotEqual(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("yaml", server.Output, StringComparison.Ordinal);
    }
}
