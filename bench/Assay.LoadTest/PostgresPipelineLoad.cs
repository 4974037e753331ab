using System.Diagnostics;
using Assay.Storage.Postgres;
using Assay.Storage.Tests.Postgres;
using Npgsql;

namespace Assay.LoadTest;

/// <summary>
/// The pipeline on PostgreSQL: how fast one node and three nodes work off a backlog (detection, routing, the processed
/// mark), and what a node's death costs — how long the work it had claimed waits before another node has done it.
/// </summary>
/// <remarks>
/// The backlog is committed in one transaction after the nodes are up, so every node starts on it at once (an idle node
/// polls every 500 ms). Same durable throwaway cluster as <see cref="PostgresLoad"/>.
/// </remarks>
internal static class PostgresPipelineLoad
{
    public static async Task RunAsync(string assayDll, int backlog, int leaseSeconds, Payloads payloads)
    {
        var server = await PostgresServer.StartAsync(durable: true);
        Console.WriteLine($"Backlog {backlog:N0} interactions of ≈ {payloads.ApproximateSize} bytes; {Environment.ProcessorCount} cores; PostgreSQL with fsync on; default policy.");
        Console.WriteLine();
        Console.WriteLine("| nodes | interactions processed | seconds | per second, all nodes | per node (each node's share) |");
        Console.WriteLine("|---:|---:|---:|---:|---|");
        double? one = null;
        foreach (var count in new[] { 1, 3 })
        {
            var connection = await server.CreateDatabaseAsync();
            await using var nodes = await NodesAsync(assayDll, connection, count, []);
            var elapsed = await DrainAsync(connection, backlog, payloads);
            var shares = await SharesAsync(connection, nodes.Servers);
            Console.WriteLine($"| {count} | {backlog:N0} | {elapsed.TotalSeconds:0.0} | {backlog / elapsed.TotalSeconds:N0} | {string.Join(", ", shares.Select(s => $"{s / elapsed.TotalSeconds:N0}/s"))} |");
            one ??= backlog / elapsed.TotalSeconds;
            if (count == 3)
                Console.WriteLine($"\n3 nodes / 1 node: {backlog / elapsed.TotalSeconds / one.Value:0.00}×");
        }

        await DeathAsync(assayDll, await server.CreateDatabaseAsync(), backlog, leaseSeconds, payloads);
    }

    /// <summary>Two nodes on a backlog; one is SIGKILLed while it holds claimed, unprocessed work, and the other finishes that work.</summary>
    private static async Task DeathAsync(string assayDll, string connection, int backlog, int leaseSeconds, Payloads payloads)
    {
        await using var nodes = await NodesAsync(assayDll, connection, 2, ["--pipeline-lease", leaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var victim = nodes.Servers[0];
        await using var data = NpgsqlDataSource.Create(connection);
        var fill = Task.Run(() => FillAsync(connection, backlog, payloads));
        await fill;
        long[] held = [];
        var deadline = Stopwatch.StartNew();
        while (held.Length == 0 && deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (await HeldAsync(data, victim.NodePattern) is { Length: > 0 })
            {
                victim.Kill();
                // A completion on the wire when the process died is committed or rolled back by now.
                await Task.Delay(200);
                held = await HeldAsync(data, victim.NodePattern);
                break;
            }

            await Task.Delay(5);
        }

        if (held.Length == 0)
        {
            Console.WriteLine("\nNode death: the victim was never caught holding unprocessed work; no figure.");
            return;
        }

        var killed = Stopwatch.StartNew();
        TimeSpan? taken = null;
        while (killed.Elapsed < TimeSpan.FromSeconds(leaseSeconds + 120))
        {
            if (taken is null && await CountAsync(data, "SELECT count(*) FROM interactions WHERE seq = ANY($1) AND lease_owner LIKE $2", held, victim.NodePattern) == 0)
                taken = killed.Elapsed;
            if (await CountAsync(data, "SELECT count(*) FROM interactions WHERE seq = ANY($1) AND processed_at IS NULL", held) == 0)
                break;
            await Task.Delay(20);
        }

        Console.WriteLine($"\nNode death (2 nodes, --pipeline-lease {leaseSeconds}): SIGKILL while holding {held.Length} claimed interactions; "
            + $"another node took them after {taken?.TotalSeconds:0.00} s and had processed them after {killed.Elapsed.TotalSeconds:0.00} s.");
    }

    private static async Task<TimeSpan> DrainAsync(string connection, int backlog, Payloads payloads)
    {
        await FillAsync(connection, backlog, payloads);
        var stopwatch = Stopwatch.StartNew();
        await using var data = NpgsqlDataSource.Create(connection);
        while (await CountAsync(data, "SELECT count(*) FROM interactions WHERE processed_at IS NULL") > 0)
        {
            if (stopwatch.Elapsed > TimeSpan.FromMinutes(10))
                throw new TimeoutException("the nodes did not work off the backlog within ten minutes");
            await Task.Delay(50);
        }

        return stopwatch.Elapsed;
    }

    /// <summary>The backlog, committed at once through Assay's own store.</summary>
    private static async Task FillAsync(string connection, int backlog, Payloads payloads)
    {
        await using var database = new PostgresDatabase(connection);
        await using var store = new PostgresInteractionStore(database, TimeProvider.System);
        await store.MigrateAsync(CancellationToken.None);
        await store.AppendAsync(payloads.Parsed(backlog).ToArray(), CancellationToken.None);
    }

    private static async Task<long[]> SharesAsync(string connection, IReadOnlyList<ServerProcess> servers)
    {
        await using var data = NpgsqlDataSource.Create(connection);
        var shares = new long[servers.Count];
        for (var i = 0; i < servers.Count; i++)
            shares[i] = await CountAsync(data, "SELECT count(*) FROM interactions WHERE lease_owner LIKE $1", servers[i].NodePattern);
        return shares;
    }

    private static async Task<long[]> HeldAsync(NpgsqlDataSource data, string node)
    {
        await using var command = data.CreateCommand("SELECT seq FROM interactions WHERE processed_at IS NULL AND lease_owner LIKE $1");
        command.Parameters.Add(new() { Value = node });
        await using var reader = await command.ExecuteReaderAsync();
        var seqs = new List<long>();
        while (await reader.ReadAsync())
            seqs.Add(reader.GetInt64(0));
        return [.. seqs];
    }

    private static async Task<long> CountAsync(NpgsqlDataSource data, string sql, params object[] values)
    {
        await using var command = data.CreateCommand(sql);
        foreach (var value in values)
            command.Parameters.Add(new() { Value = value });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<Nodes> NodesAsync(string assayDll, string connection, int count, string[] arguments)
    {
        var parsed = new NpgsqlConnectionStringBuilder(connection);
        var uri = $"postgresql://{parsed.Username}@{parsed.Host}:{parsed.Port}/{parsed.Database}";
        var servers = new List<ServerProcess>();
        for (var i = 0; i < count; i++)
            servers.Add(await ServerProcess.StartAsync(assayDll, arguments, uri));
        return new Nodes(servers);
    }

    private sealed record Nodes(IReadOnlyList<ServerProcess> Servers) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var server in Servers)
                await server.DisposeAsync();
        }
    }
}
