using Assay.Storage.Sqlite;

namespace Assay.Storage.Tests;

/// <summary>Runs the leadership contract on one SQLite file opened twice, as two processes would; and the lease's expiry.</summary>
#pragma warning disable CA1001 // Both are released in IAsyncLifetime.DisposeAsync, which xunit calls.
public sealed class SqliteLeadershipTests : LeadershipContract
#pragma warning restore CA1001
{
    private static readonly TimeSpan s_term = TimeSpan.FromSeconds(15);
    private readonly TempDatabase _file = new();
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
    private SqliteDatabase? _first;
    private SqliteDatabase? _second;

    protected override async Task<(ILeadership First, ILeadership Second)> OpenAsync()
    {
        _first = new SqliteDatabase(new SqliteStoreOptions(_file.Path));
        await _first.MigrateAsync(CancellationToken.None);
        _second = new SqliteDatabase(new SqliteStoreOptions(_file.Path));
        await _second.MigrateAsync(CancellationToken.None);
        return (new SqliteLeadership(_first, _clock, s_term), new SqliteLeadership(_second, _clock, s_term));
    }

    [Fact]
    public async Task A_lease_not_renewed_within_its_term_is_taken_by_another_node_and_the_old_holder_learns_it_lost()
    {
        var dead = await NodeA.TryAcquireAsync("monitor", "node-a", CancellationToken.None);
        Assert.NotNull(dead);

        _clock.Now += s_term - TimeSpan.FromSeconds(1);
        Assert.Null(await NodeB.TryAcquireAsync("monitor", "node-b", CancellationToken.None));
        _clock.Now += TimeSpan.FromSeconds(1);
        await using var taken = await NodeB.TryAcquireAsync("monitor", "node-b", CancellationToken.None);

        Assert.NotNull(taken);
        Assert.False(await dead.RenewAsync(CancellationToken.None));
        // Giving up a lease already taken must not free the new holder's.
        await dead.DisposeAsync();
        Assert.Null(await NodeA.TryAcquireAsync("monitor", "node-a", CancellationToken.None));
        Assert.True(await taken.RenewAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_renewed_lease_outlives_its_first_term()
    {
        await using var lease = await NodeA.TryAcquireAsync("monitor", "node-a", CancellationToken.None);
        Assert.NotNull(lease);

        for (var i = 0; i < 4; i++)
        {
            _clock.Now += s_term / 3;
            Assert.True(await lease.RenewAsync(CancellationToken.None));
        }

        Assert.Null(await NodeB.TryAcquireAsync("monitor", "node-b", CancellationToken.None));
    }

    public override async Task DisposeAsync()
    {
        if (_first is not null)
            await _first.DisposeAsync();
        if (_second is not null)
            await _second.DisposeAsync();
        _file.Dispose();
    }
}
