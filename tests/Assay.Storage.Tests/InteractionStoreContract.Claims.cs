using Assay.Detection.Consistency;
using Assay.Routing;

namespace Assay.Storage.Tests;

/// <summary>The claims side of the contract: several nodes split the pipeline's work, and each interaction is completed once.</summary>
/// <remarks>Each node is its own store instance over the same storage, as two processes would be.</remarks>
public abstract partial class InteractionStoreContract
{
    private static readonly TimeSpan s_lease = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ClaimUnprocessedAsync_two_nodes_get_disjoint_interactions_oldest_first()
    {
        var clock = new ManualClock(Some.Noon);
        var (a, b) = (await OpenMigratedAsync(clock), await OpenMigratedAsync(clock));
        var items = Enumerable.Range(0, 10).Select(_ => Some.Parsed()).ToList();
        await a.AppendAsync(items, CancellationToken.None);

        var first = await a.ClaimUnprocessedAsync("node-a", 4, s_lease, CancellationToken.None);
        var second = await b.ClaimUnprocessedAsync("node-b", 100, s_lease, CancellationToken.None);

        Assert.Equal(items.Take(4).Select(i => i.Interaction.Id), first.Select(s => s.Interaction.Id));
        Assert.Equal(items.Skip(4).Select(i => i.Interaction.Id), second.Select(s => s.Interaction.Id));
        Assert.Empty(await b.ClaimUnprocessedAsync("node-c", 100, s_lease, CancellationToken.None));
        // Readers are not affected by claims.
        Assert.Equal(10, (await a.ReadUnprocessedAsync(100, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task ClaimUnprocessedAsync_many_claims_at_once_never_hand_out_one_interaction_twice()
    {
        var nodes = new List<IInteractionStore>();
        for (var n = 0; n < 4; n++)
            nodes.Add(await OpenMigratedAsync(TimeProvider.System));
        await Store.AppendAsync(Enumerable.Range(0, 120).Select(_ => Some.Parsed()).ToList(), CancellationToken.None);

        var claims = await Task.WhenAll(Enumerable.Range(0, 24).Select(c =>
            Task.Run(() => nodes[c % nodes.Count].ClaimUnprocessedAsync($"node-{c}", 7, s_lease, CancellationToken.None))));

        var rest = await Store.ClaimUnprocessedAsync("node-last", 200, s_lease, CancellationToken.None);

        var claimed = claims.SelectMany(c => c.Select(s => s.Sequence)).Concat(rest.Select(s => s.Sequence)).ToList();
        Assert.Equal(claimed.Count, claimed.Distinct().Count());
        Assert.Equal(120, claimed.Count);
        Assert.True(rest.Count < 120 - 7, $"the claims at once took only {120 - rest.Count}");
    }

    [Fact]
    public async Task ClaimUnprocessedAsync_returns_the_nodes_own_unfinished_claims_again_renewed()
    {
        var clock = new ManualClock(Some.Noon);
        var (a, b) = (await OpenMigratedAsync(clock), await OpenMigratedAsync(clock));
        await a.AppendAsync([Some.Parsed(), Some.Parsed(), Some.Parsed()], CancellationToken.None);
        var held = await a.ClaimUnprocessedAsync("node-a", 2, s_lease, CancellationToken.None);
        clock.Now = Some.Noon.AddSeconds(20);

        var again = await a.ClaimUnprocessedAsync("node-a", 10, s_lease, CancellationToken.None);
        clock.Now = Some.Noon + s_lease + TimeSpan.FromSeconds(1);

        Assert.Equal(3, again.Count);
        Assert.Equal(held.Select(s => s.Sequence), again.Take(2).Select(s => s.Sequence));
        Assert.Empty(await b.ClaimUnprocessedAsync("node-b", 10, s_lease, CancellationToken.None)); // renewed at +20 s
    }

    [Fact]
    public async Task ClaimUnprocessedAsync_expired_lease_is_claimed_again_by_another_node()
    {
        var clock = new ManualClock(Some.Noon);
        var (a, b) = (await OpenMigratedAsync(clock), await OpenMigratedAsync(clock));
        await a.AppendAsync([Some.Parsed(), Some.Parsed()], CancellationToken.None);
        var held = await a.ClaimUnprocessedAsync("node-a", 10, s_lease, CancellationToken.None);

        clock.Now = Some.Noon + s_lease;
        Assert.Empty(await b.ClaimUnprocessedAsync("node-b", 10, s_lease, CancellationToken.None));
        clock.Now = Some.Noon + s_lease + TimeSpan.FromMilliseconds(1);
        var taken = await b.ClaimUnprocessedAsync("node-b", 10, s_lease, CancellationToken.None);

        Assert.Equal(held.Select(s => s.Sequence), taken.Select(s => s.Sequence));
    }

    [Fact]
    public async Task CompleteClaimedAsync_by_the_node_that_lost_its_lease_writes_nothing()
    {
        var clock = new ManualClock(Some.Noon);
        var (a, b) = (await OpenMigratedAsync(clock), await OpenMigratedAsync(clock));
        var item = Some.Parsed();
        await a.AppendAsync([item], CancellationToken.None);
        var sequence = Assert.Single(await a.ClaimUnprocessedAsync("node-a", 10, s_lease, CancellationToken.None)).Sequence;
        clock.Now = Some.Noon.AddMinutes(1);
        Assert.Single(await b.ClaimUnprocessedAsync("node-b", 10, s_lease, CancellationToken.None));

        var late = await a.CompleteClaimedAsync("node-a", [FullResult(sequence, "policy-late", "pii.email")], CancellationToken.None);

        Assert.Empty(late);
        var nothing = Assert.Single(await a.RecordedAsync(0, 10, CancellationToken.None));
        Assert.Equal((null, 0, null, null), (nothing.PolicyHash, nothing.Flags.Count, nothing.Routing, nothing.SelfAgreement));
        Assert.Equal(new StoreCounts(1, 0, 0), await a.CountAsync(CancellationToken.None));

        Assert.Equal([sequence], await b.CompleteClaimedAsync("node-b", [FullResult(sequence, "policy-b", "pii.phone")], CancellationToken.None));
        Assert.Empty(await a.CompleteClaimedAsync("node-a", [FullResult(sequence, "policy-late", "pii.email")], CancellationToken.None));
        var once = Assert.Single(await a.RecordedAsync(0, 10, CancellationToken.None));
        Assert.Equal(("policy-b", "pii.phone", 2), (once.PolicyHash, Assert.Single(once.Flags).Rule, once.Routing!.RequiredLabels));
        Assert.Equal(0.5, once.SelfAgreement!.Score);
    }

    [Fact]
    public async Task CompleteClaimedAsync_after_the_lease_expired_but_nobody_took_over_still_counts()
    {
        var clock = new ManualClock(Some.Noon);
        var a = await OpenMigratedAsync(clock);
        await a.AppendAsync([Some.Parsed()], CancellationToken.None);
        var sequence = Assert.Single(await a.ClaimUnprocessedAsync("node-a", 10, s_lease, CancellationToken.None)).Sequence;
        clock.Now = Some.Noon.AddHours(1);

        Assert.Equal([sequence], await a.CompleteClaimedAsync("node-a", [FullResult(sequence, "policy-a", "pii.email")], CancellationToken.None));
        Assert.Empty(await a.CompleteClaimedAsync("node-b", [FullResult(sequence, "policy-a", "pii.email")], CancellationToken.None));
        Assert.Equal(new StoreCounts(1, 1, 1), await a.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task CompleteClaimedAsync_is_one_transaction_a_failing_result_leaves_the_whole_batch_unwritten()
    {
        var a = await OpenMigratedAsync(TimeProvider.System);
        await a.AppendAsync([Some.Parsed(), Some.Parsed()], CancellationToken.None);
        var claimed = await a.ClaimUnprocessedAsync("node-a", 10, s_lease, CancellationToken.None);
        // The second result names one rule twice: the flags' unique key refuses it, after the first result was written.
        var broken = Some.Result(claimed[1].Sequence, Some.Flag("pii.email"), Some.Flag("pii.email"));

        await Assert.ThrowsAnyAsync<Exception>(() => a.CompleteClaimedAsync("node-a", [FullResult(claimed[0].Sequence, "policy-a", "pii.phone"), broken], CancellationToken.None));

        Assert.All(await a.RecordedAsync(0, 10, CancellationToken.None), r => Assert.Equal((null, 0, null), (r.PolicyHash, r.Flags.Count, r.Routing)));
        Assert.Equal(new StoreCounts(2, 0, 0), await a.CountAsync(CancellationToken.None));
        // Still held by the node, so it can complete them after all.
        Assert.Equal(2, (await a.CompleteClaimedAsync("node-a", claimed.Select(s => Some.Result(s.Sequence)).ToList(), CancellationToken.None)).Count);
    }

    /// <summary>A result that writes everything a completion can: one flag, routing with a task of two labels, a client score.</summary>
    private static ProcessingResult FullResult(long sequence, string policy, string rule) =>
        new(sequence, policy, [Some.Flag(rule, policy: policy)], [], new RoutingDecision(Tier.Flagged, 1, true, 3, "flagged", 2),
            new SelfAgreementRecord(SampleSource.Client, "atlas@2026-10-01", SelfAgreementMethod.SentenceOverlap, 3, 0.5, 0));
}
