using System.Diagnostics;
using System.Text;
using Assay.Policy;
using Assay.Server.Sampling;

namespace Assay.Server.Tests.Sampling;

/// <summary>Sampling through the <c>assay</c> executable: <c>policy check</c> and <c>serve --sampler-endpoint</c> as a user runs them.</summary>
[Collection(ChildProcesses.Name)]
public sealed class SamplingCliTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Policy_check_reports_a_bad_sampling_value_with_its_line_and_column_and_exits_1()
    {
        using var folder = new TempDatabase();
        var path = folder.File("policy.yaml");
        var yaml = StarterPolicy.Yaml().TrimEnd() + "\nsampling:\n  share: 0.2\n  samples: 40\n  temprature: 1\n";
        await File.WriteAllTextAsync(path, yaml);
        var line = yaml.Split('\n').ToList().FindIndex(l => l.StartsWith("  samples:", StringComparison.Ordinal)) + 1;

        using var check = AssayProcess.Start("policy", "check", path);

        Assert.True(await check.WaitForExitAsync(s_timeout) == 1, check.Output);
        Assert.Contains($"policy.yaml:{line}:12: error: 'samples' must be a whole number from 2 to 20.", check.Output, StringComparison.Ordinal);
        Assert.Contains($"policy.yaml:{line + 1}:3: warning: Unknown key 'temprature' in sampling", check.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_with_sampler_flags_draws_samples_with_the_key_from_the_environment()
    {
        const string question = "When was the Eiffel Tower built and what is it made of?";
        const string invented = "Its lattice was painted with edible gold leaf by royal confectioners.";
        await using var endpoint = await FakeChatEndpoint.StartAsync(_ => new FakeChatReply("The Eiffel Tower was completed in 1889. It is made of wrought iron."));
        using var folder = new TempDatabase();
        var policy = folder.File("policy.yaml");
        await File.WriteAllTextAsync(policy, StarterPolicy.Yaml().TrimEnd() + "\nsampling:\n  share: 1\n  samples: 2\n  requests_per_minute: 600\n");
        var url = $"http://127.0.0.1:{AssayProcess.FreePort()}";
        using var serve = Serve(new Dictionary<string, string> { [SamplerOptions.ApiKeyVariable] = "sk-from-environment" },
            "serve", "--db", folder.Path, "--urls", url, "--no-auth", "--policy", policy,
            "--sampler-endpoint", endpoint.BaseAddress.ToString(), "--sampler-model", "atlas-sampler");
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(5) };
        await Wait.UntilAsync(async () => await HealthyAsync(http), 30, () => $"assay serve was not healthy:\n{serve.Output}");
        var interaction = SamplingAssayServer.Interaction(question, "The Eiffel Tower was completed in 1889. It is made of wrought iron. " + invented);
        using (var posted = await http.PostAsync(new Uri("v1/interactions", UriKind.Relative), new StringContent(interaction.ToJsonString(), Encoding.UTF8, "application/json")))
            Assert.True(posted.IsSuccessStatusCode, await posted.Content.ReadAsStringAsync());

        string? body = null;
        await Wait.UntilAsync(async () => (body = await http.GetStringAsync(new Uri($"v1/interactions/{interaction["id"]}", UriKind.Relative)))
            .Contains("Samples drawn by Assay from atlas-sampler", StringComparison.Ordinal), 30, () => $"no drawn-sample flag:\n{serve.Output}");

        Assert.Contains(invented, body, StringComparison.Ordinal);
        Assert.Equal(2, endpoint.Requests.Count);
        Assert.All(endpoint.Requests, r => Assert.Equal("Bearer sk-from-environment", r.Authorization));
        Assert.DoesNotContain("sk-from-environment", serve.Output, StringComparison.Ordinal);
    }

    private static async Task<bool> HealthyAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync(new Uri("healthz", UriKind.Relative));
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>Starts <c>assay</c> with extra environment variables for the child alone; the test process's environment is untouched.</summary>
    private static ServeProcess Serve(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(AssayProcess.AssemblyPath);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        return new ServeProcess(start);
    }

    /// <summary>A child process whose output is collected; disposing kills its tree.</summary>
    private sealed class ServeProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        public ServeProcess(ProcessStartInfo start)
        {
            _process = new Process { StartInfo = start };
            _process.OutputDataReceived += (_, e) => Append(e.Data);
            _process.ErrorDataReceived += (_, e) => Append(e.Data);
            _process.Start();
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public string Output
        {
            get
            {
                lock (_output)
                    return _output.ToString();
            }
        }

        private void Append(string? line)
        {
            lock (_output)
                _output.AppendLine(line);
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }

            _process.Dispose();
        }
    }
}
