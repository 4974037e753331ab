using Assay.Domain;
using Assay.Ingest;

namespace Assay.Storage.Tests;

/// <summary>The behaviour every <see cref="IInteractionStore"/> must have; each store's tests derive from it.</summary>
/// <remarks>
/// Only the port is used here, so the same facts hold the SQLite store and any later one to account.
/// A derived class supplies <see cref="Open"/> over storage of its own and cleans it up in <see cref="DisposeAsync"/>.
/// </remarks>
public abstract partial class InteractionStoreContract : IAsyncLifetime
{
    private readonly List<IInteractionStore> _opened = [];

    /// <summary>The migrated store under test.</summary>
    protected IInteractionStore Store { get; private set; } = null!;

    /// <summary>Opens a new store instance over this test's storage; every instance sees the same data.</summary>
    protected abstract IInteractionStore Open(TimeProvider clock);

    public virtual async Task InitializeAsync() => Store = await OpenMigratedAsync(TimeProvider.System);

    public virtual async Task DisposeAsync()
    {
        foreach (var store in _opened)
            await store.DisposeAsync();
        _opened.Clear();
    }

    [Fact]
    public async Task AppendAsync_new_interaction_is_accepted()
    {
        var statuses = await Store.AppendAsync([Some.Parsed()], CancellationToken.None);

        Assert.Equal([AppendStatus.Accepted], statuses);
        Assert.Equal(1, (await Store.CountAsync(CancellationToken.None)).Interactions);
    }

    [Fact]
    public async Task AppendAsync_empty_batch_returns_no_statuses()
    {
        var statuses = await Store.AppendAsync([], CancellationToken.None);

        Assert.Empty(statuses);
        Assert.Equal(new StoreCounts(0, 0, 0), await Store.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AppendAsync_same_id_and_content_again_is_duplicate_and_stored_once()
    {
        var item = Some.Parsed();
        await Store.AppendAsync([item], CancellationToken.None);

        var again = InteractionParser.Canonicalise(item.Interaction with { });
        var statuses = await Store.AppendAsync([again], CancellationToken.None);

        Assert.Equal([AppendStatus.Duplicate], statuses);
        Assert.Equal(1, (await Store.CountAsync(CancellationToken.None)).Interactions);
    }

    [Fact]
    public async Task AppendAsync_same_id_with_different_content_is_conflict_and_keeps_the_original()
    {
        var original = Some.Parsed(response: "first answer");
        await Store.AppendAsync([original], CancellationToken.None);

        var statuses = await Store.AppendAsync([Some.Parsed(original.Interaction.Id, response: "second answer")], CancellationToken.None);

        Assert.Equal([AppendStatus.Conflict], statuses);
        var stored = await Store.GetAsync(original.Interaction.Id, CancellationToken.None);
        Assert.Equal("first answer", stored!.Stored.Interaction.Response);
        Assert.Equal(original.ContentHash, stored.Stored.ContentHash);
    }

    [Fact]
    public async Task AppendAsync_same_id_twice_in_one_batch_first_wins()
    {
        var first = Some.Parsed(response: "first");
        var same = Some.Parsed(first.Interaction.Id, response: "first");
        var different = Some.Parsed(first.Interaction.Id, response: "different");
        var other = Some.Parsed();

        var statuses = await Store.AppendAsync([first, same, different, other], CancellationToken.None);

        Assert.Equal([AppendStatus.Accepted, AppendStatus.Duplicate, AppendStatus.Conflict, AppendStatus.Accepted], statuses);
        Assert.Equal(2, (await Store.CountAsync(CancellationToken.None)).Interactions);
        Assert.Equal("first", (await Store.GetAsync(first.Interaction.Id, CancellationToken.None))!.Stored.Interaction.Response);
    }

    [Fact]
    public async Task AppendAsync_batch_gets_increasing_sequences_in_order()
    {
        var batch = Enumerable.Range(0, 5).Select(_ => Some.Parsed()).ToList();
        await Store.AppendAsync(batch, CancellationToken.None);

        var sequences = new List<long>();
        foreach (var item in batch)
            sequences.Add((await Store.GetAsync(item.Interaction.Id, CancellationToken.None))!.Stored.Sequence);

        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(sequences.Count, sequences.Distinct().Count());
    }

    [Fact]
    public async Task GetAsync_unknown_id_returns_null()
    {
        await Store.AppendAsync([Some.Parsed()], CancellationToken.None);

        Assert.Null(await Store.GetAsync("no-such-id", CancellationToken.None));
    }

    [Fact]
    public async Task GetAsync_returns_the_interaction_as_appended_unprocessed_and_without_flags()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 27, 9, 30, 0, TimeSpan.Zero));
        var store = await OpenMigratedAsync(clock);
        var item = Some.Parsed(at: Some.Noon);
        await store.AppendAsync([item], CancellationToken.None);

        var record = await store.GetAsync(item.Interaction.Id, CancellationToken.None);

        Assert.NotNull(record);
        Assert.Equal(item.ContentHash, record.Stored.ContentHash);
        // Round trip: what comes back serialises to the very bytes that were appended.
        Assert.Equal(item.CanonicalJson, InteractionParser.Canonicalise(record.Stored.Interaction).CanonicalJson);
        Assert.Equal(clock.Now, record.Stored.ReceivedAt);
        Assert.Null(record.Stored.ProcessedPolicy);
        Assert.Empty(record.Flags);
    }

    [Fact]
    public async Task GetAsync_processed_interaction_returns_its_flags_and_policy()
    {
        var item = Some.Parsed();
        await Store.AppendAsync([item], CancellationToken.None);
        var stored = (await Store.ReadUnprocessedAsync(10, CancellationToken.None)).Single();

        await Store.CompleteAsync([Some.Result(stored.Sequence, Some.Flag("pii.email"), Some.Flag("pii.phone"))], CancellationToken.None);

        var record = await Store.GetAsync(item.Interaction.Id, CancellationToken.None);
        Assert.Equal("policy-a", record!.Stored.ProcessedPolicy);
        Assert.Equal(["pii.email", "pii.phone"], record.Flags.Select(f => f.Rule).Order(StringComparer.Ordinal));
        var email = record.Flags.Single(f => f.Rule == "pii.email");
        Assert.Equal(Some.Flag("pii.email").Explanation, email.Explanation);
        Assert.Equal(Severity.Medium, email.Severity);
        Assert.Equal(new Evidence(TextField.Response, null, 0, 5, "alice"), Assert.Single(email.Evidence));
    }

    [Fact]
    public async Task ReadUnprocessedAsync_returns_oldest_first_up_to_max_and_skips_processed()
    {
        var batch = Enumerable.Range(0, 6).Select(_ => Some.Parsed()).ToList();
        await Store.AppendAsync(batch.Take(3).ToList(), CancellationToken.None);
        await Store.AppendAsync(batch.Skip(3).ToList(), CancellationToken.None);

        var firstFour = await Store.ReadUnprocessedAsync(4, CancellationToken.None);
        Assert.Equal(batch.Take(4).Select(b => b.Interaction.Id), firstFour.Select(s => s.Interaction.Id));
        Assert.All(firstFour, s => Assert.Null(s.ProcessedPolicy));

        await Store.CompleteAsync(firstFour.Take(2).Select(s => Some.Result(s.Sequence)).ToList(), CancellationToken.None);

        var rest = await Store.ReadUnprocessedAsync(100, CancellationToken.None);
        Assert.Equal(batch.Skip(2).Select(b => b.Interaction.Id), rest.Select(s => s.Interaction.Id));
    }

    [Fact]
    public async Task CompleteAsync_twice_for_the_same_interaction_keeps_one_set_of_flags()
    {
        var item = Some.Parsed();
        await Store.AppendAsync([item], CancellationToken.None);
        var sequence = (await Store.ReadUnprocessedAsync(1, CancellationToken.None)).Single().Sequence;
        var result = Some.Result(sequence, Some.Flag("pii.email"), Some.Flag("injection.markers", "prompt-injection", Severity.High));

        await Store.CompleteAsync([result], CancellationToken.None);
        await Store.CompleteAsync([result], CancellationToken.None);
        await Store.CompleteAsync([result, result], CancellationToken.None);

        var record = await Store.GetAsync(item.Interaction.Id, CancellationToken.None);
        Assert.Equal(2, record!.Flags.Count);
        Assert.Equal(new StoreCounts(1, 1, 2), await Store.CountAsync(CancellationToken.None));
        Assert.Empty(await Store.ReadUnprocessedAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task CompleteAsync_again_with_fewer_flags_replaces_the_earlier_ones()
    {
        var item = Some.Parsed();
        await Store.AppendAsync([item], CancellationToken.None);
        var sequence = (await Store.ReadUnprocessedAsync(1, CancellationToken.None)).Single().Sequence;

        await Store.CompleteAsync([Some.Result(sequence, Some.Flag("pii.email"), Some.Flag("pii.phone"))], CancellationToken.None);
        await Store.CompleteAsync([Some.Result(sequence, Some.Flag("pii.phone"))], CancellationToken.None);

        var record = await Store.GetAsync(item.Interaction.Id, CancellationToken.None);
        Assert.Equal("pii.phone", Assert.Single(record!.Flags).Rule);
    }

    [Fact]
    public async Task CompleteAsync_empty_list_changes_nothing()
    {
        await Store.AppendAsync([Some.Parsed()], CancellationToken.None);

        await Store.CompleteAsync([], CancellationToken.None);

        Assert.Equal(new StoreCounts(1, 0, 0), await Store.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task QueryFlagsAsync_by_category_returns_only_that_category()
    {
        await SeedFlagsAsync();

        var page = await Store.QueryFlagsAsync(new FlagQuery(Category: "prompt-injection"), CancellationToken.None);

        Assert.Equal(3, page.Flags.Count);
        Assert.All(page.Flags, f => Assert.Equal("prompt-injection", f.Flag.Category));
        Assert.Null(page.Next);
    }

    [Fact]
    public async Task QueryFlagsAsync_by_rule_returns_only_that_rule()
    {
        await SeedFlagsAsync();

        var page = await Store.QueryFlagsAsync(new FlagQuery(Rule: "pii.phone"), CancellationToken.None);

        Assert.Equal(["s-1", "s-3", "s-5"], page.Flags.Select(f => f.InteractionId));
        Assert.All(page.Flags, f => Assert.Equal("pii.phone", f.Flag.Rule));
    }

    [Fact]
    public async Task QueryFlagsAsync_by_minimum_severity_keeps_that_severity_and_above()
    {
        await SeedFlagsAsync();

        var high = await Store.QueryFlagsAsync(new FlagQuery(MinSeverity: Severity.High), CancellationToken.None);
        var critical = await Store.QueryFlagsAsync(new FlagQuery(MinSeverity: Severity.Critical), CancellationToken.None);
        var low = await Store.QueryFlagsAsync(new FlagQuery(MinSeverity: Severity.Low), CancellationToken.None);

        Assert.Equal(3, high.Flags.Count);
        Assert.All(high.Flags, f => Assert.True(f.Flag.Severity >= Severity.High));
        Assert.Empty(critical.Flags);
        Assert.Equal(12, low.Flags.Count);
    }

    [Fact]
    public async Task QueryFlagsAsync_by_time_includes_from_and_excludes_to()
    {
        await SeedFlagsAsync();

        // s-n happened at noon + n hours; [from, to) covers s-2 and s-3 only.
        var page = await Store.QueryFlagsAsync(new FlagQuery(From: Some.Noon.AddHours(2), To: Some.Noon.AddHours(4)), CancellationToken.None);

        Assert.Equal(["s-2", "s-3"], page.Flags.Select(f => f.InteractionId).Distinct());
        Assert.All(page.Flags, f => Assert.InRange(f.OccurredAt, Some.Noon.AddHours(2), Some.Noon.AddHours(3)));
    }

    [Fact]
    public async Task QueryFlagsAsync_combines_filters()
    {
        await SeedFlagsAsync();

        var page = await Store.QueryFlagsAsync(new FlagQuery(Category: "pii-leak", Rule: "pii.email", From: Some.Noon.AddHours(3)), CancellationToken.None);

        Assert.Equal(["s-3", "s-4", "s-5"], page.Flags.Select(f => f.InteractionId));
    }

    [Fact]
    public async Task QueryFlagsAsync_cursor_pages_through_every_flag_without_gaps_or_repeats()
    {
        const int Interactions = 23;
        var batch = Enumerable.Range(0, Interactions).Select(i => Some.Parsed(at: Some.Noon.AddMinutes(i))).ToList();
        await Store.AppendAsync(batch, CancellationToken.None);
        var stored = await Store.ReadUnprocessedAsync(100, CancellationToken.None);
        await Store.CompleteAsync(stored.Select(s => Some.Result(s.Sequence, Some.Flag("pii.email"), Some.Flag("pii.phone"))).ToList(), CancellationToken.None);

        var seen = new List<(string Id, string Rule)>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await Store.QueryFlagsAsync(new FlagQuery(After: cursor, Limit: 7), CancellationToken.None);
            Assert.InRange(page.Flags.Count, 1, 7);
            seen.AddRange(page.Flags.Select(f => (f.InteractionId, f.Flag.Rule)));
            cursor = page.Next;
            pages++;
        }
        while (cursor is not null && pages < 100);

        Assert.Equal(7, pages); // 46 flags, 7 a page
        Assert.Equal(Interactions * 2, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(batch.Select(b => b.Interaction.Id).Order(StringComparer.Ordinal), seen.Select(s => s.Id).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task QueryFlagsAsync_cursor_with_filter_pages_only_matching_flags()
    {
        await SeedFlagsAsync();

        var first = await Store.QueryFlagsAsync(new FlagQuery(Category: "pii-leak", Limit: 5), CancellationToken.None);
        var second = await Store.QueryFlagsAsync(new FlagQuery(Category: "pii-leak", After: first.Next, Limit: 5), CancellationToken.None);

        Assert.Equal(5, first.Flags.Count);
        Assert.NotNull(first.Next);
        Assert.Equal(4, second.Flags.Count);
        Assert.All(first.Flags.Concat(second.Flags), f => Assert.Equal("pii-leak", f.Flag.Category));
        Assert.Null(second.Next);
        Assert.Empty(first.Flags.Select(f => (f.InteractionId, f.Flag.Rule)).Intersect(second.Flags.Select(f => (f.InteractionId, f.Flag.Rule))));
    }

    [Fact]
    public async Task QueryFlagsAsync_exactly_full_last_page_has_no_next_cursor()
    {
        await SeedFlagsAsync();

        var page = await Store.QueryFlagsAsync(new FlagQuery(Limit: 12), CancellationToken.None);

        Assert.Equal(12, page.Flags.Count);
        Assert.Null(page.Next);
    }

    [Theory]
    [InlineData("not-a-cursor")]
    [InlineData("Zm9v")]
    public async Task QueryFlagsAsync_cursor_it_did_not_issue_throws_ArgumentException(string cursor)
    {
        await SeedFlagsAsync();

        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.QueryFlagsAsync(new FlagQuery(After: cursor), CancellationToken.None));

        Assert.Equal("cursor", error.ParamName);
    }

    [Fact]
    public async Task CountAsync_counts_interactions_processed_and_flags()
    {
        await Store.AppendAsync([Some.Parsed(), Some.Parsed(), Some.Parsed()], CancellationToken.None);
        var stored = await Store.ReadUnprocessedAsync(2, CancellationToken.None);

        await Store.CompleteAsync([Some.Result(stored[0].Sequence, Some.Flag("pii.email"), Some.Flag("pii.phone")), Some.Result(stored[1].Sequence)], CancellationToken.None);

        Assert.Equal(new StoreCounts(3, 2, 2), await Store.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task MigrateAsync_twice_is_safe_and_keeps_data()
    {
        var item = Some.Parsed();
        await Store.AppendAsync([item], CancellationToken.None);

        await Store.MigrateAsync(CancellationToken.None);
        var other = await OpenMigratedAsync(TimeProvider.System);
        await other.MigrateAsync(CancellationToken.None);

        Assert.NotNull(await other.GetAsync(item.Interaction.Id, CancellationToken.None));
        Assert.Equal([AppendStatus.Accepted], await other.AppendAsync([Some.Parsed()], CancellationToken.None));
    }

    [Fact]
    public async Task Reopened_store_holds_what_was_committed()
    {
        var items = new[] { Some.Parsed(), Some.Parsed() };
        await Store.AppendAsync(items, CancellationToken.None);
        var first = (await Store.ReadUnprocessedAsync(1, CancellationToken.None)).Single();
        await Store.CompleteAsync([Some.Result(first.Sequence, Some.Flag("pii.email"))], CancellationToken.None);
        await Store.DisposeAsync();

        var reopened = await OpenMigratedAsync(TimeProvider.System);

        Assert.Equal(new StoreCounts(2, 1, 1), await reopened.CountAsync(CancellationToken.None));
        var record = await reopened.GetAsync(items[0].Interaction.Id, CancellationToken.None);
        Assert.Equal(items[0].ContentHash, record!.Stored.ContentHash);
        Assert.Equal("pii.email", Assert.Single(record.Flags).Rule);
        Assert.Equal(items[1].Interaction.Id, Assert.Single(await reopened.ReadUnprocessedAsync(10, CancellationToken.None)).Interaction.Id);
        Assert.Equal([AppendStatus.Duplicate], await reopened.AppendAsync([items[1]], CancellationToken.None));
    }

    /// <summary>Opens and migrates a store that is disposed with the test.</summary>
    protected async Task<IInteractionStore> OpenMigratedAsync(TimeProvider clock)
    {
        var store = Open(clock);
        _opened.Add(store);
        await store.MigrateAsync(CancellationToken.None);
        return store;
    }

    /// <summary>
    /// Six interactions s-0 … s-5 at noon + n hours and twelve flags: every one has pii.email (pii-leak,
    /// medium); the odd ones also have pii.phone (pii-leak, medium) and injection.markers (prompt-injection, high).
    /// </summary>
    private async Task SeedFlagsAsync()
    {
        var batch = Enumerable.Range(0, 6).Select(i => Some.Parsed($"s-{i}", Some.Noon.AddHours(i))).ToList();
        await Store.AppendAsync(batch, CancellationToken.None);
        var stored = await Store.ReadUnprocessedAsync(100, CancellationToken.None);
        var results = stored.Select((s, i) => i % 2 == 0
            ? Some.Result(s.Sequence, Some.Flag("pii.email"))
            : Some.Result(s.Sequence, Some.Flag("pii.email"), Some.Flag("pii.phone"), Some.Flag("injection.markers", "prompt-injection", Severity.High)))
            .ToList();
        await Store.CompleteAsync(results, CancellationToken.None);
    }
}
