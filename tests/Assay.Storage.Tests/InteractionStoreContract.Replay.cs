using Assay.Domain;
using Assay.Routing;

namespace Assay.Storage.Tests;

/// <summary>The replay reads of the store contract: every interaction in order, and what was recorded for it.</summary>
public abstract partial class InteractionStoreContract
{
    [Fact]
    public async Task ReadAsync_returns_processed_and_unprocessed_after_the_sequence_in_order_up_to_max()
    {
        var batch = Enumerable.Range(0, 5).Select(_ => Some.Parsed()).ToList();
        await Store.AppendAsync(batch, CancellationToken.None);
        var all = await Store.ReadUnprocessedAsync(10, CancellationToken.None);
        await Store.CompleteAsync([Some.Result(all[1].Sequence, Some.Flag("pii.email"))], CancellationToken.None);

        var first = await Store.ReadAsync(0, 3, CancellationToken.None);
        var rest = await Store.ReadAsync(first[^1].Sequence, 100, CancellationToken.None);

        Assert.Equal(batch.Take(3).Select(b => b.Interaction.Id), first.Select(s => s.Interaction.Id));
        Assert.Equal(batch.Skip(3).Select(b => b.Interaction.Id), rest.Select(s => s.Interaction.Id));
        Assert.Equal("policy-a", first[1].ProcessedPolicy);
        Assert.Null(first[0].ProcessedPolicy);
        Assert.Empty(await Store.ReadAsync(rest[^1].Sequence, 100, CancellationToken.None));
    }

    [Fact]
    public async Task RecordedAsync_returns_flags_and_routing_of_processed_and_nothing_for_unprocessed()
    {
        var batch = Enumerable.Range(0, 3).Select(_ => Some.Parsed()).ToList();
        await Store.AppendAsync(batch, CancellationToken.None);
        var stored = await Store.ReadUnprocessedAsync(10, CancellationToken.None);
        var selected = new RoutingDecision(Tier.Flagged, 0.5, true, 22, "flagged (pii-leak); drawn at rate 0.5", RequiredLabels: 3);
        var skipped = new RoutingDecision(Tier.None, 0.02, false, 0, "unflagged; not drawn for audit");
        await Store.CompleteAsync(
        [
            Some.Result(stored[0].Sequence, Some.Flag("pii.email"), Some.Flag("pii.phone")) with { Routing = selected },
            Some.Result(stored[1].Sequence) with { Routing = skipped },
        ], CancellationToken.None);

        var recorded = await Store.RecordedAsync(0, 10, CancellationToken.None);

        Assert.Equal(stored.Select(s => (s.Sequence, s.Interaction.Id)), recorded.Select(r => (r.Sequence, r.InteractionId)));
        Assert.Equal("policy-a", recorded[0].PolicyHash);
        Assert.Equal(["pii.email", "pii.phone"], recorded[0].Flags.Select(f => f.Rule).Order(StringComparer.Ordinal));
        Assert.Equal(selected, recorded[0].Routing);
        Assert.Empty(recorded[1].Flags);
        Assert.Equal(skipped, recorded[1].Routing);
        Assert.Null(recorded[2].PolicyHash);
        Assert.Empty(recorded[2].Flags);
        Assert.Null(recorded[2].Routing);
    }

    [Fact]
    public async Task RecordedAsync_after_reprocessing_under_another_policy_returns_only_the_latest_policy_flags()
    {
        await Store.AppendAsync([Some.Parsed()], CancellationToken.None);
        var sequence = (await Store.ReadUnprocessedAsync(1, CancellationToken.None)).Single().Sequence;
        await Store.CompleteAsync([Some.Result(sequence, Some.Flag("pii.email"))], CancellationToken.None);

        await Store.CompleteAsync([Some.Result(sequence, Some.Flag("pii.phone", policy: "policy-b"))], CancellationToken.None);

        var recorded = Assert.Single(await Store.RecordedAsync(0, 10, CancellationToken.None));
        Assert.Equal("policy-b", recorded.PolicyHash);
        Assert.Equal("pii.phone", Assert.Single(recorded.Flags).Rule);
    }

    [Fact]
    public async Task RecordedAsync_pages_by_sequence_like_ReadAsync()
    {
        await Store.AppendAsync(Enumerable.Range(0, 7).Select(_ => Some.Parsed()).ToList(), CancellationToken.None);
        var stored = await Store.ReadUnprocessedAsync(10, CancellationToken.None);
        await Store.CompleteAsync(stored.Select(s => Some.Result(s.Sequence, Some.Flag("pii.email"))).ToList(), CancellationToken.None);

        var pages = new List<long>();
        long after = 0;
        for (var page = 0; page < 10; page++)
        {
            var recorded = await Store.RecordedAsync(after, 3, CancellationToken.None);
            var read = await Store.ReadAsync(after, 3, CancellationToken.None);
            Assert.Equal(read.Select(r => r.Sequence), recorded.Select(r => r.Sequence));
            Assert.All(recorded, r => Assert.Equal("pii.email", Assert.Single(r.Flags).Rule));
            if (recorded.Count == 0)
                break;
            pages.Add(recorded.Count);
            after = recorded[^1].Sequence;
        }

        Assert.Equal([3L, 3, 1], pages);
    }
}
