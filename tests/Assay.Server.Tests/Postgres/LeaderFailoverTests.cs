using System.Diagnostics;
using Assay.Monitoring;
using Assay.Storage.Postgres;
using Assay.Storage.Tests.Postgres;
using Xunit.Abstractions;
using static Assay.Server.Tests.Postgres.FailoverNodes;

namespace Assay.Server.Tests.Postgres;

/// <summary>
/// Several nodes on one PostgreSQL database: exactly one runs the monitor; when it stops or is SIGKILLed another takes
/// over within the documented bound (docs/STORAGE.md, "Leader election"), and no alert is recorded twice.
/// </summary>
[Collection(ChildProcesses.Name)]
public sealed class LeaderFailoverTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("assay-failover-");

    [Fact]
    public async Task Two_nodes_run_one_monitor_and_when_its_leader_stops_the_other_takes_over_within_the_retry_period()
    {
        var uri = Uri(await (await PostgresServer.SharedAsync()).CreateDatabaseAsync());
        var policy = WritePolicy(_folder);
        var nodes = new[] { await StartAsync(uri, policy), await StartAsync(uri, policy) };
        try
        {
            await UntilAsync(async () => (await EventsAsync(uri)).Count > 0, TimeSpan.FromSeconds(20), "the monitor never fired");
            // Over several retry periods, exactly one node leads, and it is always the same one.
            var leaders = new HashSet<int>();
            for (var sample = 0; sample < 30; sample++)
            {
                var leading = nodes.Select(LeadsMonitor).ToArray();
                Assert.True(leading.Count(l => l) <= 1, "both nodes led the monitor at once");
                if (leading.Any(l => l))
                    leaders.Add(Array.IndexOf(leading, true));
                await Task.Delay(100);
            }

            var leader = nodes[Assert.Single(leaders)];
            var follower = nodes[1 - Assert.Single(leaders)];
            var stopped = Stopwatch.StartNew();
            await leader.StopAsync();
            await UntilAsync(() => Task.FromResult(LeadsMonitor(follower)), TimeSpan.FromSeconds(30), "the other node never took over");
            stopped.Stop();
            output.WriteLine($"took over {stopped.ElapsedMilliseconds} ms after the leader stopped (retry {Retry.TotalMilliseconds} ms)");

            // A stopped leader unlocks at once, so the next try succeeds: at most one retry period, plus scheduling.
            Assert.True(stopped.Elapsed < Retry + TimeSpan.FromSeconds(2), $"failover took {stopped.Elapsed}");
            await Task.Delay(TimeSpan.FromSeconds(1));
            var firing = Assert.Single(await EventsAsync(uri));
            Assert.Equal((AlertState.Firing, "quiet"), (firing.Alert.State, firing.Alert.RuleId));
        }
        finally
        {
            foreach (var node in nodes)
                await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_leader_process_killed_with_sigkill_is_replaced_by_the_other_node_within_the_bound_with_no_alert_twice()
    {
        var uri = Uri(await (await PostgresServer.SharedAsync()).CreateDatabaseAsync());
        var policy = WritePolicy(_folder);
        using var child = ServeNode.Start(uri, policy, _folder.FullName, Retry);
        await UntilAsync(async () =>
        {
            Assert.False(child.HasExited, $"assay serve exited early:\n{child.Output}");
            return (await EventsAsync(uri)).Count > 0;
        }, TimeSpan.FromSeconds(60), $"the child's monitor never fired:\n{child.Output}");

        await using var survivor = await StartAsync(uri, policy);
        // The child leads: the survivor tries several times in vain.
        await Task.Delay(Retry * 3);
        Assert.False(LeadsMonitor(survivor), "the second node led while the child held the role");

        var killed = Stopwatch.StartNew();
        child.Kill();
        await UntilAsync(() => Task.FromResult(LeadsMonitor(survivor)), TimeSpan.FromSeconds(Retry.TotalSeconds + PostgresLeadership.DeadPeerSeconds + 10),
            "the surviving node never took over");
        killed.Stop();
        output.WriteLine($"took over {killed.ElapsedMilliseconds} ms after SIGKILL (retry {Retry.TotalMilliseconds} ms)");

        // A killed process's kernel closes its socket, so the server frees the lock at once: one retry period, plus scheduling.
        Assert.True(killed.Elapsed < Retry + TimeSpan.FromSeconds(3), $"failover took {killed.Elapsed}");
        await Task.Delay(TimeSpan.FromSeconds(1));
        var events = await EventsAsync(uri);
        var firing = Assert.Single(events);
        Assert.Equal((AlertState.Firing, "quiet"), (firing.Alert.State, firing.Alert.RuleId));
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
