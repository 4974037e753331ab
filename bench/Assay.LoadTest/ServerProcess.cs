using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Assay.LoadTest;

/// <summary>An <c>assay serve</c> child process on a fresh database and a free loopback port.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private ServerProcess(Process process, string directory, Uri address)
    {
        _process = process;
        _directory = directory;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>A SQL <c>LIKE</c> pattern for this server's node id (<c>host-pid-random</c>) in <c>interactions.lease_owner</c>.</summary>
    public string NodePattern => $"%-{_process.Id}-%";

    public string DatabasePath => Path.Combine(_directory, "load.db");

    /// <summary>The server's peak resident memory so far (VmHWM), in MiB.</summary>
    public double PeakMemoryMiB()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
    }

    /// <param name="database">A <c>postgresql://</c> URI several servers may share; null for a fresh SQLite file of the server's own.</param>
    public static async Task<ServerProcess> StartAsync(string assayDll, IEnumerable<string> extraArguments, string? database = null)
    {
        var directory = Directory.CreateTempSubdirectory("assay-load-").FullName;
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { assayDll, "serve", "--db", database ?? Path.Combine(directory, "load.db"), "--urls", $"http://127.0.0.1:{port}", "--no-auth" }.Concat(extraArguments))
            info.ArgumentList.Add(argument);
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("server: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, directory, new Uri($"http://127.0.0.1:{port}/"));
        using var http = new HttpClient { BaseAddress = server.Address };
        for (var i = 0; i < 200; i++)
        {
            try
            {
                if ((await http.GetAsync("healthz")).IsSuccessStatusCode)
                    return server;
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        await server.DisposeAsync();
        throw new InvalidOperationException("assay serve did not become ready within 20 s");
    }

    /// <summary>SIGKILL: the node dies with whatever it holds.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
