using Assay.Storage.Postgres;
using Npgsql;

namespace Assay.Storage.Tests.Postgres;

/// <summary>Runs the leadership contract on a real PostgreSQL server, and hands a role over when its holder's session dies.</summary>
#pragma warning disable CA1001 // Both are released in IAsyncLifetime.DisposeAsync, which xunit calls.
public sealed class PostgresLeadershipTests : LeadershipContract
#pragma warning restore CA1001
{
    private string _connection = "";
    private PostgresLeadership? _first;
    private PostgresLeadership? _second;

    protected override async Task<(ILeadership First, ILeadership Second)> OpenAsync()
    {
        _connection = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        _first = new PostgresLeadership(_connection);
        _second = new PostgresLeadership(_connection);
        return (_first, _second);
    }

    [Fact]
    public async Task A_leader_whose_session_is_killed_loses_the_role_to_the_other_node_and_its_renewal_fails()
    {
        var dead = await NodeA.TryAcquireAsync("monitor", "node-a", CancellationToken.None);
        Assert.NotNull(dead);
        Assert.Null(await NodeB.TryAcquireAsync("monitor", "node-b", CancellationToken.None));

        // The leader's session is named after it, so an operator (and this test) can find it.
        await using (var admin = new NpgsqlConnection(_connection))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'assay monitor leader node-a'", admin);
            Assert.Equal(1L, await kill.ExecuteScalarAsync());
        }

        ILeaderLease? taken = null;
        for (var attempt = 0; attempt < 50 && taken is null; attempt++)
        {
            taken = await NodeB.TryAcquireAsync("monitor", "node-b", CancellationToken.None);
            if (taken is null)
                await Task.Delay(100);
        }

        await using (taken)
        {
            Assert.NotNull(taken);
            var held = true;
            try
            {
                held = await dead.RenewAsync(CancellationToken.None);
            }
            catch (NpgsqlException)
            {
                held = false;
            }

            Assert.False(held);
            await dead.DisposeAsync();
            Assert.True(await taken.RenewAsync(CancellationToken.None));
        }
    }

    [Fact]
    public async Task A_leaders_session_asks_the_server_for_tcp_keepalives_so_that_a_dead_host_frees_the_lock_within_the_bound()
    {
        await using var lease = await NodeA.TryAcquireAsync("sampler", "node-a", CancellationToken.None);
        var connection = Assert.IsType<PostgresLeaderLease>(lease).Connection;

        await using var show = new NpgsqlCommand(
            "SELECT current_setting('tcp_keepalives_idle'), current_setting('tcp_keepalives_interval'), current_setting('tcp_keepalives_count')", connection);
        await using var reader = await show.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());

        // The test server is reached over TCP on loopback, where the settings apply (a Unix socket would ignore them).
        Assert.Equal(("10", "5", "3"), (reader.GetString(0), reader.GetString(1), reader.GetString(2)));
    }

    public override async Task DisposeAsync()
    {
        if (_first is not null)
            await _first.DisposeAsync();
        if (_second is not null)
            await _second.DisposeAsync();
    }
}
