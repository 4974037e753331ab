using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Assay.Storage.Tests.Postgres;

/// <summary>A real, throwaway PostgreSQL server for the tests: started once per test run on a free loopback port, stopped at exit.</summary>
/// <remarks>
/// When <c>ASSAY_TEST_POSTGRES</c> holds a connection string, that server is used instead. Otherwise the cluster is made
/// with Debian's binaries (<c>apt-get install postgresql</c>; <c>scripts/test</c> installs them) in a temporary folder,
/// as the <c>postgres</c> user when running as root, with fsync off: the tests need a real engine, not durability.
/// Each caller gets its own empty database from <see cref="CreateDatabaseAsync"/>.
/// </remarks>
internal sealed class PostgresServer
{
    private static readonly Lazy<Task<PostgresServer>> s_shared = new(() => StartAsync(durable: false));
    private readonly string _admin;

    private PostgresServer(string admin) => _admin = admin;

    public static Task<PostgresServer> SharedAsync() => s_shared.Value;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"assay_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(_admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(_admin) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>Starts a throwaway cluster (or uses <c>ASSAY_TEST_POSTGRES</c>), stopped at process exit.</summary>
    /// <param name="durable">fsync and synchronous commit on, as in production: what a benchmark of durable ingest needs (bench/Assay.LoadTest links this file).</param>
    public static async Task<PostgresServer> StartAsync(bool durable)
    {
        if (Environment.GetEnvironmentVariable("ASSAY_TEST_POSTGRES") is { Length: > 0 } given)
            return new PostgresServer(given);
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderBy(d => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : new Version(0, 0)).LastOrDefault()
            : null;
        if (bin is null)
            throw new InvalidOperationException("No PostgreSQL server binaries in /usr/lib/postgresql: run scripts/test (it installs Debian's postgresql) or set ASSAY_TEST_POSTGRES.");
        var folder = Directory.CreateTempSubdirectory("assay-pg-").FullName;
        var asRoot = Environment.UserName == "root";
        if (asRoot)
            await RunAsync("chown", "postgres:", folder);
        var data = Path.Combine(folder, "data");
        var port = FreePort();
        await RunAsPostgresAsync(asRoot, Path.Combine(bin, "initdb"), "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
        await RunAsPostgresAsync(asRoot, Path.Combine(bin, "pg_ctl"), "-D", data, "-l", Path.Combine(folder, "log"), "-w", "-o",
            $"-p {port} -c listen_addresses=127.0.0.1 -k {folder} -c max_connections=200" + (durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"), "start");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                RunAsPostgresAsync(asRoot, Path.Combine(bin, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop").GetAwaiter().GetResult();
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
            {
                // The temporary folder is left for the OS to clean; the server was started with -w, so it is ours to stop.
            }
        };
        return new PostgresServer($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false");
    }

    private static Task RunAsPostgresAsync(bool asRoot, string program, params string[] arguments) =>
        asRoot ? RunAsync("runuser", ["-u", "postgres", "--", program, .. arguments]) : RunAsync(program, arguments);

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {process.ExitCode}: {await output}{await error}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
