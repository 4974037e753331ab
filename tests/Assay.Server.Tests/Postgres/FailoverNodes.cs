using Assay.Policy;
using Assay.Server.Election;
using Assay.Storage;
using Assay.Storage.Postgres;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Assay.Server.Tests.Postgres;

/// <summary>What the failover tests share: a policy whose monitor always fires, in-process nodes on one database, and waits.</summary>
internal static class FailoverNodes
{
    /// <summary>How often the test nodes try to take a role: short, so that the tests run in seconds.</summary>
    public static readonly TimeSpan Retry = TimeSpan.FromSeconds(1);

    /// <summary>The starter policy with one monitor that fires at its first evaluation and never resolves: fewer than a million interactions an hour.</summary>
    public static string WritePolicy(DirectoryInfo folder)
    {
        var starter = StarterPolicy.Yaml();
        var path = Path.Combine(folder.FullName, "policy.yaml");
        File.WriteAllText(path, starter[..starter.IndexOf("\nmonitors:", StringComparison.Ordinal)] + """

            monitors:
              - id: quiet
                metric: volume
                window: 1h
                below: 1000000

            """);
        return path;
    }

    public static async Task<WebApplication> StartAsync(string uri, string policy)
    {
        var app = AssayServer.Build(new AssayServerOptions
        {
            DatabasePath = uri,
            Urls = "http://127.0.0.1:0",
            PolicyPath = policy,
            MonitorInterval = TimeSpan.FromMilliseconds(200),
            LeaderRetry = Retry,
        }, logging => { });
        await app.StartAsync();
        return app;
    }

    public static bool LeadsMonitor(WebApplication node) => node.Services.GetRequiredService<Leadership>().IsLeader(Leadership.Monitor);

    /// <summary>The alert events of the database, read through a store of its own, newest first.</summary>
    public static async Task<IReadOnlyList<StoredAlertEvent>> EventsAsync(string uri)
    {
        await using var database = new PostgresDatabase(uri);
        // A child process may not have migrated yet; migrating is safe beside it.
        await database.MigrateAsync(CancellationToken.None);
        return await new PostgresAlertStore(database, TimeProvider.System).ListAsync(100, null, null, CancellationToken.None);
    }

    /// <summary>Polls <paramref name="condition"/> every 50 ms; fails with <paramref name="because"/> after <paramref name="within"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan within, string because)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, because);
            await Task.Delay(50);
        }
    }

    /// <summary>The keyword connection string of the test server as the URI a user would pass to <c>--db</c>.</summary>
    public static string Uri(string connection)
    {
        var parsed = new Npgsql.NpgsqlConnectionStringBuilder(connection);
        return $"postgresql://{parsed.Username}@{parsed.Host}:{parsed.Port}/{parsed.Database}";
    }
}
