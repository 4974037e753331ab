using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Assay.Server.Tests;

/// <summary>The built <c>assay</c> CLI (or a shell running it) as a child process, with its output captured.</summary>
/// <remarks>Disposing kills the process tree if it still runs, so that no test leaves a server behind.</remarks>
internal sealed class AssayProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AssayProcess(Process process) => _process = process;

    /// <summary><c>assay.dll</c> beside the test assembly: the Cli project is referenced, so the build copies it.</summary>
    public static string AssemblyPath { get; } = Path.Combine(AppContext.BaseDirectory, "assay.dll");

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The process id; a <see cref="Bash"/> script that <c>exec</c>s keeps it for the program it runs.</summary>
    public int Id => _process.Id;

    public int ExitCode => _process.ExitCode;

    public static AssayProcess Start(params string[] arguments) => StartIn(null, arguments);

    /// <summary>Starts <c>assay</c> in <paramref name="directory"/> (the test's own when null), so that relative paths resolve there.</summary>
    public static AssayProcess StartIn(string? directory, params string[] arguments)
    {
        Assert.True(File.Exists(AssemblyPath), $"{AssemblyPath} is missing; is Assay.Cli still referenced?");
        return Run(DotnetHost(), [AssemblyPath, .. arguments], directory, null);
    }

    /// <summary>Runs <paramref name="script"/> with <c>bash -c</c> in <paramref name="directory"/>, with extra environment variables.</summary>
    public static AssayProcess Bash(string script, string directory, IReadOnlyDictionary<string, string> environment) =>
        Run("bash", ["-c", script], directory, environment);

    /// <summary>The <c>dotnet</c> host that runs <c>assay.dll</c>.</summary>
    public static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
            return host;
        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }

    private static AssayProcess Run(string fileName, string[] arguments, string? directory, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (directory is not null)
            start.WorkingDirectory = directory;
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        var process = new Process { StartInfo = start };
        var child = new AssayProcess(process);
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits for the process to exit on its own; kills it and fails after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            Assert.Fail($"assay did not exit within {timeout}; output:\n{Output}");
        }

        return _process.ExitCode;
    }

    /// <summary>Polls <c>GET /healthz</c> at <paramref name="url"/> until this <c>assay serve</c> answers; fails if it exits or takes 30 seconds.</summary>
    public async Task WaitUntilHealthyAsync(string url)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 300; attempt++)
        {
            Assert.False(HasExited, $"assay serve exited early:\n{Output}");
            try
            {
                using var response = await http.GetAsync(new Uri("healthz", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Starting slowly on a busy machine.
            }

            await Task.Delay(100);
        }

        Assert.Fail($"assay serve was not healthy within 30 seconds:\n{Output}");
    }

    /// <summary>SIGKILL on Unix: no shutdown code runs.</summary>
    public void Kill()
    {
        if (_process.HasExited)
            return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    /// <summary>A port that was free a moment ago on the loopback interface.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }
}
