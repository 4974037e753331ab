using Assay.Domain;
using Assay.Reporting;
using Assay.Review;
using Assay.Routing;

namespace Assay.Storage.Tests;

/// <summary>The read side of the contract: the inputs of agreement and assurance metrics, the population, the queue overview.</summary>
public abstract partial class ReviewStoreContract
{
    [Fact]
    public async Task ReviewedItemsAsync_window_includes_from_and_excludes_to()
    {
        var before = await RouteAsync(new Route(At: Some.Noon.AddHours(-1)));
        var atFrom = await RouteAsync(new Route(At: Some.Noon));
        var atTo = await RouteAsync(new Route(At: Some.Noon.AddHours(1)));
        await RouteAsync(new Route(Tier.None, At: Some.Noon.AddMinutes(30), Selected: false));

        var items = await Store.ReviewedItemsAsync(All, Some.Noon, Some.Noon.AddHours(1), null, CancellationToken.None);

        Assert.Equal([atFrom], items.Select(i => i.InteractionId));
        Assert.Equal([before, atFrom, atTo], (await Store.ReviewedItemsAsync(All, Some.Noon.AddDays(-1), Some.Noon.AddDays(1), null, CancellationToken.None)).Select(i => i.InteractionId));
    }

    [Fact]
    public async Task ReviewedItemsAsync_policy_prefix_keeps_only_that_versions_items()
    {
        var first = await RouteAsync(new Route(Policy: "abc123"));
        var second = await RouteAsync(new Route(Policy: "abd456"));

        Assert.Equal([first], await ItemIdsAsync(All, "abc"));
        Assert.Equal([first], await ItemIdsAsync(All, "abc123"));
        Assert.Equal([first, second], await ItemIdsAsync(All, "ab"));
        Assert.Equal([first, second], await ItemIdsAsync(All, null));
        Assert.Empty(await ItemIdsAsync(All, "abc1234"));
    }

    [Fact]
    public async Task ReviewedItemsAsync_project_sees_only_its_own_items()
    {
        var mine = await RouteAsync();
        var theirs = await RouteAsync(new Route(Project: Other));

        Assert.Equal([mine], await ItemIdsAsync(Main, null));
        Assert.Equal([theirs], await ItemIdsAsync(Other, null));
        Assert.Equal([mine, theirs], await ItemIdsAsync(All, null));
    }

    [Fact]
    public async Task ReviewedItemsAsync_carries_time_tier_probability_flagged_rules_and_required_labels()
    {
        var at = Some.Noon.AddMinutes(17);
        Route route = new(Tier.Critical, RequiredLabels: 3, At: at, Probability: 0.5,
            Flags: [Some.Flag("pii.email"), Some.Flag("injection.markers", "prompt-injection", Severity.High)]);
        var id = await RouteAsync(route);

        var item = Assert.Single(await Store.ReviewedItemsAsync(All, Some.Noon, Some.Noon.AddHours(1), null, CancellationToken.None));

        Assert.Equal((id, at, Tier.Critical, 0.5, 3), (item.InteractionId, item.OccurredAt, item.Tier, item.InclusionProbability, item.RequiredLabels));
        Assert.Equal([("injection.markers", "prompt-injection"), ("pii.email", "pii-leak")], item.FlaggedRules.Order());
        Assert.Empty(item.Labels);
        Assert.Null(item.Adjudicated);
    }

    [Fact]
    public async Task ReviewedItemsAsync_labels_are_the_current_ones_only()
    {
        var task = await TaskAsync(new Route(RequiredLabels: 3));
        await LabelAsync(task, "alice", "pii-leak");
        await LabelAsync(task, "bob", "pii-leak");
        var (_, revised) = await Store.ReviseLabelAsync(task, "alice", Some.Verdict("toxicity"), null, Main, CancellationToken.None);

        var item = Assert.Single(await Store.ReviewedItemsAsync(All, Some.Noon, Some.Noon.AddHours(1), null, CancellationToken.None));

        Assert.Equal(["alice", "bob"], item.Labels.Select(l => l.Reviewer).Order(StringComparer.Ordinal));
        Assert.Equal(["toxicity"], item.Labels.Single(l => l.Reviewer == "alice").Verdict.Categories);
        Assert.Contains(revised!.LabelId, item.Labels.Select(l => l.LabelId));
    }

    [Fact]
    public async Task ReviewedItemsAsync_adjudicated_verdict_is_carried_and_is_the_truth()
    {
        var disputed = await DisputedTaskAsync();
        await Store.AdjudicateAsync(disputed, "lead", Some.Verdict("toxicity"), Main, CancellationToken.None);
        var agreed = await TaskAsync();
        await LabelAsync(agreed, "alice", "pii-leak");
        await LabelAsync(agreed, "bob", "pii-leak");

        var items = await Store.ReviewedItemsAsync(All, Some.Noon, Some.Noon.AddHours(1), null, CancellationToken.None);

        Assert.Equal(2, items.Count);
        Assert.Equal(["toxicity"], items[0].Adjudicated!.Categories);
        Assert.Equal(["toxicity"], items[0].Truth!.Categories);
        Assert.Equal(2, items[0].Labels.Count);
        Assert.Null(items[1].Adjudicated);
        Assert.Equal(["pii-leak"], items[1].Truth!.Categories);
    }

    [Fact]
    public async Task ReviewedItemsAsync_half_labelled_task_is_not_complete()
    {
        var task = await TaskAsync(new Route(RequiredLabels: 2));
        await LabelAsync(task, "alice", "pii-leak");

        var half = Assert.Single(await Store.ReviewedItemsAsync(All, Some.Noon, Some.Noon.AddHours(1), null, CancellationToken.None));
        await LabelAsync(task, "bob", "pii-leak");
        var full = Assert.Single(await Store.ReviewedItemsAsync(All, Some.Noon, Some.Noon.AddHours(1), null, CancellationToken.None));

        Assert.Equal((2, 1, false), (half.RequiredLabels, half.Labels.Count, half.IsComplete));
        Assert.Null(half.Truth);
        Assert.True(full.IsComplete);
    }

    [Fact]
    public async Task CensusAsync_counts_every_task_per_bucket_and_carries_only_started_items_in_full()
    {
        // Four 15-minute buckets from noon; the range starts at 12:05, so the first bucket is cut.
        var buckets = new TimeBuckets(Some.Noon, TimeSpan.FromMinutes(15), 4) { From = Some.Noon.AddMinutes(5) };
        await RouteAsync(new Route(At: Some.Noon.AddMinutes(2)));               // before the range
        await RouteAsync(new Route(At: Some.Noon.AddMinutes(7)));               // bucket 0, open
        var half = await TaskAsync(new Route(At: Some.Noon.AddMinutes(16)));    // bucket 1, one label of two
        await LabelAsync(half, "alice", "pii-leak");
        var full = await TaskAsync(new Route(At: Some.Noon.AddMinutes(20)));    // bucket 1, both labels
        await LabelAsync(full, "alice");
        await LabelAsync(full, "bob");
        await RouteAsync(new Route(At: Some.Noon.AddMinutes(29)));              // bucket 1, open
        var decided = await DisputedTaskAsync(new Route(At: Some.Noon.AddMinutes(50)));  // bucket 3
        await Store.AdjudicateAsync(decided, "lead", Some.Verdict("toxicity"), Main, CancellationToken.None);
        await RouteAsync(new Route(Tier.None, At: Some.Noon.AddMinutes(31), Selected: false));   // no task
        var theirs = await TaskAsync(new Route(At: Some.Noon.AddMinutes(35), Project: Other));   // bucket 2, another project
        await Store.SubmitLabelAsync(theirs, "carol", Some.Verdict(), null, Other, CancellationToken.None);
        await RouteAsync(new Route(At: Some.Noon.AddHours(1)));                 // at the end: excluded

        var all = await Store.CensusAsync(All, buckets.From, buckets.To, buckets.Start, buckets.Width, buckets.Count, CancellationToken.None);
        var main = await Store.CensusAsync(Main, buckets.From, buckets.To, buckets.Start, buckets.Width, buckets.Count, CancellationToken.None);

        Assert.Equal([1, 3, 1, 1], all.Tasks);
        Assert.Equal([1, 3, 0, 1], main.Tasks);
        var expected = new[] { half, full, decided, theirs };
        Assert.Equal(await Task.WhenAll(expected.Select(InteractionOfAsync)), all.Started.Select(i => i.InteractionId));
        Assert.Equal(await Task.WhenAll(expected[..3].Select(InteractionOfAsync)), main.Started.Select(i => i.InteractionId));
        // The started items are the same items ReviewedItemsAsync reads, labels and decision included.
        var items = await Store.ReviewedItemsAsync(All, buckets.From, buckets.To, null, CancellationToken.None);
        foreach (var item in all.Started)
        {
            var same = items.Single(i => i.InteractionId == item.InteractionId);
            Assert.Equal(same.Labels.Select(l => l.LabelId).Order(), item.Labels.Select(l => l.LabelId).Order());
            Assert.Equal(same.Adjudicated?.Categories.Order(), item.Adjudicated?.Categories.Order());
            Assert.Equal((same.OccurredAt, same.Tier, same.RequiredLabels, same.FlaggedRules.Count), (item.OccurredAt, item.Tier, item.RequiredLabels, item.FlaggedRules.Count));
        }

        // So the review charts' summary from the census equals the one from every item.
        var policy = new ReviewPolicy();
        var fromItems = ReviewSummary.From(items, buckets, policy);
        var fromCensus = ReviewSummary.From(all.Tasks, all.Started, buckets, policy);
        Assert.Equal((fromItems.Tasks, fromItems.Complete, fromItems.Started), (fromCensus.Tasks, fromCensus.Complete, fromCensus.Started), new SummaryCounts());
        Assert.Equal(fromItems.Labelled.Select(b => b.Select(i => i.InteractionId)), fromCensus.Labelled.Select(b => b.Select(i => i.InteractionId)));
    }

    [Fact]
    public async Task Upgrading_a_database_whose_tasks_carry_no_time_gives_each_task_its_interaction_time()
    {
        await RouteAsync(new Route(At: Some.Noon.AddMinutes(5)));
        await RouteAsync(new Route(At: Some.Noon.AddMinutes(50)));
        await RouteAsync(new Route(At: Some.Noon.AddMinutes(52)));

        await UndoTaskTimesAndMigrateAsync();

        var census = await Store.CensusAsync(All, Some.Noon, Some.Noon.AddHours(1), Some.Noon, TimeSpan.FromMinutes(15), 4, CancellationToken.None);
        Assert.Equal([1, 0, 0, 2], census.Tasks);
    }

    [Fact]
    public async Task PopulationAsync_counts_interactions_per_tier_and_flags_per_rule_in_the_window()
    {
        Flag[] email = [Some.Flag("pii.email")];
        await RouteAsync(new Route(Flags: [.. email, Some.Flag("pii.phone")]));
        await RouteAsync(new Route(Flags: email));
        await RouteAsync(new Route(Tier.Critical, Flags: [Some.Flag("unsafe.weapons", "unsafe", Severity.Critical)]));
        await RouteAsync(new Route(Tier.Audit, Probability: 0.02));
        for (var i = 0; i < 3; i++)
            await RouteAsync(new Route(Tier.None, Probability: 0.02, Selected: false, At: Some.Noon.AddMinutes(i)));
        await RouteAsync(new Route(At: Some.Noon.AddHours(1), Flags: email));

        var population = await Store.PopulationAsync(All, Some.Noon, Some.Noon.AddHours(1), null, CancellationToken.None);

        Assert.Equal("Audit=1, Critical=1, Flagged=2, None=3", Nonzero(population.ByTier));
        Assert.Equal("pii.email=2, pii.phone=1, unsafe.weapons=1", Nonzero(population.FlagsByRule));
    }

    [Fact]
    public async Task PopulationAsync_keeps_only_the_projects_and_the_policy_versions_interactions()
    {
        await RouteAsync(new Route(Policy: "abc123", Flags: [Some.Flag("pii.email")]));
        await RouteAsync(new Route(Tier.None, Selected: false, Policy: "abc123"));
        await RouteAsync(new Route(Policy: "def456", Flags: [Some.Flag("pii.phone")]));
        await RouteAsync(new Route(Project: Other, Policy: "abc123", Flags: [Some.Flag("pii.email")]));

        var mine = await Store.PopulationAsync(Main, Some.Noon, Some.Noon.AddHours(1), "abc", CancellationToken.None);
        var every = await Store.PopulationAsync(All, Some.Noon, Some.Noon.AddHours(1), null, CancellationToken.None);

        Assert.Equal(("Flagged=1, None=1", "pii.email=1"), (Nonzero(mine.ByTier), Nonzero(mine.FlagsByRule)));
        Assert.Equal(("Flagged=3, None=1", "pii.email=2, pii.phone=1"), (Nonzero(every.ByTier), Nonzero(every.FlagsByRule)));
    }

    [Fact]
    public async Task OverviewAsync_counts_open_tasks_by_tier_category_and_age_and_closed_ones_by_state()
    {
        var pii = Some.Flag("pii.email");
        var injection = Some.Flag("injection.markers", "prompt-injection", Severity.High);
        await TaskCreatedAtAsync(Some.Noon.AddHours(-30), new Route(Flags: [pii]));
        await TaskCreatedAtAsync(Some.Noon.AddHours(-2), new Route(Tier.Critical, Flags: [pii, Some.Flag("pii.phone"), injection]));
        await TaskCreatedAtAsync(Some.Noon.AddHours(-1), new Route(Tier.Audit));
        await TaskCreatedAtAsync(Some.Noon.AddMinutes(-10), new Route(Flags: [injection]));
        var done = await TaskCreatedAtAsync(Some.Noon.AddHours(-3), new Route(Flags: [pii]));
        await LabelAsync(done, "alice");
        await LabelAsync(done, "bob");
        Clock.Now = Some.Noon.AddHours(-3);
        await DisputedTaskAsync(new Route(Flags: [pii]));

        var overview = await Store.OverviewAsync(All, Some.Noon, CancellationToken.None);

        Assert.Equal("Audit=1, Critical=1, Flagged=2", Nonzero(overview.OpenByTier));
        Assert.Equal("pii-leak=2, prompt-injection=2", Nonzero(overview.OpenByCategory));
        Assert.Equal((1, 2, 1), (overview.ByAge["under 1 h"], overview.ByAge["1–24 h"], overview.ByAge["over 24 h"]));
        Assert.Equal((1, 1), (overview.AwaitingAdjudication, overview.Done));
    }

    [Fact]
    public async Task OverviewAsync_project_counts_only_its_own_tasks()
    {
        await TaskAsync(new Route(Flags: [Some.Flag("pii.email")]));
        await TaskAsync(new Route(Tier.Critical, Project: Other, Flags: [Some.Flag("unsafe.weapons", "unsafe", Severity.Critical)]));
        await DisputedTaskAsync(new Route(Project: Other));

        var mine = await Store.OverviewAsync(Main, Some.Noon, CancellationToken.None);
        var every = await Store.OverviewAsync(All, Some.Noon, CancellationToken.None);

        Assert.Equal(("Flagged=1", "pii-leak=1", 0), (Nonzero(mine.OpenByTier), Nonzero(mine.OpenByCategory), mine.AwaitingAdjudication));
        Assert.Equal(("Critical=1, Flagged=1", "pii-leak=1, unsafe=1", 1), (Nonzero(every.OpenByTier), Nonzero(every.OpenByCategory), every.AwaitingAdjudication));
    }

    private async Task<List<string>> ItemIdsAsync(string project, string? policy) =>
        (await Store.ReviewedItemsAsync(project, Some.Noon, Some.Noon.AddHours(1), policy, CancellationToken.None)).Select(i => i.InteractionId).ToList();

    private async Task<long> TaskCreatedAtAsync(DateTimeOffset at, Route route)
    {
        Clock.Now = at;
        return await TaskAsync(route);
    }

    /// <summary>The non-zero counts in key order, as "key=count, …": engines may or may not list the zeros.</summary>
    private static string Nonzero<TKey, TValue>(IReadOnlyDictionary<TKey, TValue> counts)
        where TKey : notnull => string.Join(", ", counts
            .Where(c => !EqualityComparer<TValue>.Default.Equals(c.Value, default))
            .Select(c => $"{c.Key}={c.Value}")
            .Order(StringComparer.Ordinal));

    /// <summary>Compares three lists of counts by their values.</summary>
    private sealed class SummaryCounts : IEqualityComparer<(IReadOnlyList<int>, IReadOnlyList<int>, IReadOnlyList<int>)>
    {
        public bool Equals((IReadOnlyList<int>, IReadOnlyList<int>, IReadOnlyList<int>) x, (IReadOnlyList<int>, IReadOnlyList<int>, IReadOnlyList<int>) y) =>
            x.Item1.SequenceEqual(y.Item1) && x.Item2.SequenceEqual(y.Item2) && x.Item3.SequenceEqual(y.Item3);

        public int GetHashCode((IReadOnlyList<int>, IReadOnlyList<int>, IReadOnlyList<int>) obj) => obj.Item1.Count;
    }
}
