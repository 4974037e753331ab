namespace Assay.Storage.Tests;

/// <summary>The behaviour every <see cref="ILeadership"/> must have: at most one holder per role, and a role given up is taken.</summary>
public abstract class LeadershipContract : IAsyncLifetime
{
    private const string Monitor = "monitor";

    /// <summary>The first node's view of the storage under test.</summary>
    protected ILeadership NodeA { get; private set; } = null!;

    /// <summary>A second node's view of the same storage, through its own connections.</summary>
    protected ILeadership NodeB { get; private set; } = null!;

    /// <summary>Opens two contenders over this test's own, migrated storage, as two nodes (or processes) would.</summary>
    protected abstract Task<(ILeadership First, ILeadership Second)> OpenAsync();

    public async Task InitializeAsync() => (NodeA, NodeB) = await OpenAsync();

    public abstract Task DisposeAsync();

    [Fact]
    public async Task TryAcquireAsync_by_two_nodes_gives_the_role_to_the_first_only_and_renewing_keeps_it()
    {
        await using var lease = await NodeA.TryAcquireAsync(Monitor, "node-a", CancellationToken.None);

        Assert.NotNull(lease);
        Assert.Equal(Monitor, lease.Role);
        Assert.Null(await NodeB.TryAcquireAsync(Monitor, "node-b", CancellationToken.None));
        Assert.True(await lease.RenewAsync(CancellationToken.None));
        Assert.Null(await NodeB.TryAcquireAsync(Monitor, "node-b", CancellationToken.None));
    }

    [Fact]
    public async Task TryAcquireAsync_by_many_contenders_at_once_gives_exactly_one_lease()
    {
        var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(() => (i % 2 == 0 ? NodeA : NodeB).TryAcquireAsync(Monitor, $"node-{i}", CancellationToken.None)));

        var leases = await Task.WhenAll(attempts);

        var held = Assert.Single(leases, l => l is not null);
        await held!.DisposeAsync();
    }

    [Fact]
    public async Task Disposing_the_lease_hands_the_role_to_the_other_node_at_once()
    {
        var first = await NodeA.TryAcquireAsync(Monitor, "node-a", CancellationToken.None);
        Assert.NotNull(first);

        await first.DisposeAsync();
        await using var second = await NodeB.TryAcquireAsync(Monitor, "node-b", CancellationToken.None);

        Assert.NotNull(second);
        Assert.Null(await NodeA.TryAcquireAsync(Monitor, "node-a", CancellationToken.None));
    }

    [Fact]
    public async Task Roles_are_held_apart_so_one_node_may_lead_the_monitor_and_another_the_sampler()
    {
        await using var monitor = await NodeA.TryAcquireAsync(Monitor, "node-a", CancellationToken.None);
        await using var sampler = await NodeB.TryAcquireAsync("sampler", "node-b", CancellationToken.None);

        Assert.NotNull(monitor);
        Assert.NotNull(sampler);
        Assert.Null(await NodeA.TryAcquireAsync("sampler", "node-a", CancellationToken.None));
    }
}
