using System.Diagnostics;
using System.Globalization;

namespace Assay.Server.Tests.Postgres;

/// <summary>One <c>assay serve</c> child process on a PostgreSQL database: a real node that a test can freeze, kill and restart.</summary>
/// <remarks>
/// The node's id (<c>host-pid-random</c>) contains its process id, so the database's <c>lease_owner</c> and the leaders'
/// <c>application_name</c> say which child a row or a lock belongs to (<see cref="IdPattern"/>). Disposing kills the process.
/// </remarks>
internal sealed class ServeNode : IDisposable
{
    private readonly AssayProcess _process;

    private ServeNode(AssayProcess process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }

    public int ProcessId => _process.Id;

    /// <summary>A SQL <c>LIKE</c> pattern that matches this node's id, and no other node's on this machine.</summary>
    public string IdPattern => $"%-{ProcessId.ToString(CultureInfo.InvariantCulture)}-%";

    public string Output => _process.Output;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts <c>assay serve --no-auth</c> on a free loopback port with <paramref name="policy"/>. The leader retry period
    /// and the monitor interval come from the environment, as an operator would set them; the pipeline's debug lines
    /// ("Processed N interactions") are on, so that a test can add up what each node says it completed.
    /// </summary>
    public static ServeNode Start(string uri, string policy, string folder, TimeSpan leaderRetry, TimeSpan? pipelineLease = null)
    {
        var url = $"http://127.0.0.1:{AssayProcess.FreePort()}";
        var lease = pipelineLease is { } l ? $" --pipeline-lease {(int)l.TotalSeconds}" : "";
        var process = AssayProcess.Bash(
            $"exec \"$ASSAY_DOTNET\" \"$ASSAY_DLL\" serve --db '{uri}' --urls {url} --no-auth --policy '{policy}'{lease}", folder,
            new Dictionary<string, string>
            {
                ["ASSAY_DOTNET"] = AssayProcess.DotnetHost(),
                ["ASSAY_DLL"] = AssayProcess.AssemblyPath,
                ["Assay__Leadership__RetrySeconds"] = leaderRetry.TotalSeconds.ToString(CultureInfo.InvariantCulture),
                ["Assay__Alerts__IntervalSeconds"] = "1",
                ["Logging__LogLevel__Assay.Server.Pipeline.PipelineWorker"] = "Debug",
            });
        return new ServeNode(process, url);
    }

    /// <summary>Waits until <c>GET /readyz</c> answers 200; fails if the process exits or <paramref name="within"/> passes.</summary>
    public async Task WaitReadyAsync(HttpClient http, TimeSpan within)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(_process.HasExited, $"assay serve exited early:\n{Output}");
            try
            {
                using var ready = await http.GetAsync(new Uri($"{Url}/readyz"));
                if (ready.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Assert.True(deadline.Elapsed < within, $"{Url} was not ready within {within}:\n{Output}");
            await Task.Delay(100);
        }
    }

    /// <summary>SIGSTOP: the process stops where it is, holding its connections, locks and open transactions.</summary>
    public Task FreezeAsync() => SignalAsync("STOP");

    /// <summary>SIGCONT after <see cref="FreezeAsync"/>.</summary>
    public Task ResumeAsync() => SignalAsync("CONT");

    /// <summary>SIGKILL: no shutdown code runs; the kernel closes the process's sockets.</summary>
    public void Kill() => _process.Kill();

    public void Dispose() => _process.Dispose();

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, ProcessId.ToString(CultureInfo.InvariantCulture)]))!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await kill.WaitForExitAsync(timeout.Token);
        Assert.Equal(0, kill.ExitCode);
    }
}
