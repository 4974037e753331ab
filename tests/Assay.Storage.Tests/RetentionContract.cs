using Assay.Routing;

namespace Assay.Storage.Tests;

/// <summary>The behaviour every <see cref="IRetentionStore"/> must have; each engine's tests derive from it.</summary>
/// <remarks>
/// Interactions are written through the ports at chosen arrival times (the clock), then pruned: what is old goes with
/// every row that refers to it, what is recent or was labelled by a human stays as it was.
/// </remarks>
public abstract class RetentionContract : IAsyncLifetime
{
    private const string Project = "support-bot";

    private protected ManualClock Clock { get; } = new(Some.Noon.AddDays(-40));

    protected IInteractionStore Interactions { get; private set; } = null!;

    protected IReviewStore Reviews { get; private set; } = null!;

    protected IRetentionStore Retention { get; private set; } = null!;

    /// <summary>Opens and migrates the three stores over this test's own storage, reading time from <paramref name="clock"/>.</summary>
    protected abstract Task<(IInteractionStore Interactions, IReviewStore Reviews, IRetentionStore Retention)> OpenAsync(TimeProvider clock);

    public async Task InitializeAsync() => (Interactions, Reviews, Retention) = await OpenAsync(Clock);

    public abstract Task DisposeAsync();

    [Fact]
    public async Task PruneAsync_deletes_old_interactions_with_their_dependants_in_batches_and_keeps_recent_and_reviewed_ones()
    {
        var old = new List<string>();
        for (var i = 0; i < 5; i++)
            old.Add(await ProcessedAsync(selected: i % 2 == 0, scored: i == 0));
        var reviewed = await ProcessedAsync(selected: true, scored: false);
        await LabelAsync(reviewed, "alice");
        Clock.Now = Some.Noon;
        // Happened long ago by the client's clock, but arrived now: its age is its arrival.
        var recent = new[] { await ProcessedAsync(selected: true, scored: true), await ProcessedAsync(selected: false, scored: false, occurred: Some.Noon.AddDays(-90)) };

        var report = await Retention.PruneAsync(Some.Noon.AddDays(-30), includeReviewed: false, batch: 2, CancellationToken.None);

        Assert.Equal(new RetentionReport(Some.Noon.AddDays(-30), Interactions: 5, Flags: 5, SelfAgreement: 1, Routing: 5, Tasks: 3, Labels: 0, Adjudications: 0, KeptReviewed: 1), report);
        foreach (var id in old)
            Assert.Null(await Interactions.GetAsync(id, CancellationToken.None));
        foreach (var id in recent.Append(reviewed))
        {
            var kept = await Interactions.GetAsync(id, CancellationToken.None);
            Assert.NotNull(kept);
            Assert.Single(kept.Flags);
        }

        Assert.Single((await Interactions.GetAsync(recent[0], CancellationToken.None))!.SelfAgreement);
        Assert.Equal(new StoreCounts(3, 3, 3), await Interactions.CountAsync(CancellationToken.None));
        var tasks = (await Reviews.ListTasksAsync(Review.ApiKey.AllProjects, null, null, 0, 100, CancellationToken.None)).Tasks;
        Assert.Equal(2, tasks.Count);
        Assert.Single(await Reviews.LabelsAsync((await TaskOfAsync(reviewed))!.Value, Project, CancellationToken.None));
    }

    [Fact]
    public async Task PruneAsync_including_reviewed_deletes_labels_revisions_and_adjudications_too()
    {
        var reviewed = await ProcessedAsync(selected: true, scored: false);
        var task = (await TaskOfAsync(reviewed))!.Value;
        await LabelAsync(reviewed, "alice", "pii-leak");
        await Reviews.ReviseLabelAsync(task, "alice", Some.Verdict(), 12, Project, CancellationToken.None);
        await LabelAsync(reviewed, "bob", "pii-leak");
        Assert.True(await Reviews.AdjudicateAsync(task, "lead", Some.Verdict("pii-leak"), Project, CancellationToken.None));
        Clock.Now = Some.Noon;
        var recent = await ProcessedAsync(selected: true, scored: false);

        var kept = await Retention.PruneAsync(Some.Noon.AddDays(-30), includeReviewed: false, batch: 10, CancellationToken.None);
        var report = await Retention.PruneAsync(Some.Noon.AddDays(-30), includeReviewed: true, batch: 10, CancellationToken.None);

        Assert.Equal((0, 1), (kept.Interactions, kept.KeptReviewed));
        Assert.Equal((1L, 1L, 3L, 1L, 0L), (report.Interactions, report.Tasks, report.Labels, report.Adjudications, report.KeptReviewed));
        Assert.Null(await Interactions.GetAsync(reviewed, CancellationToken.None));
        Assert.NotNull(await TaskOfAsync(recent));
    }

    [Fact]
    public async Task PruneAsync_with_nothing_old_deletes_nothing()
    {
        Clock.Now = Some.Noon;
        var id = await ProcessedAsync(selected: true, scored: true);

        var report = await Retention.PruneAsync(Some.Noon.AddDays(-30), includeReviewed: true, batch: 10, CancellationToken.None);

        Assert.Equal(new RetentionReport(Some.Noon.AddDays(-30), 0, 0, 0, 0, 0, 0, 0, 0), report);
        Assert.NotNull(await Interactions.GetAsync(id, CancellationToken.None));
    }

    /// <summary>Appends an interaction now (by the clock) and processes it as the pipeline would: one flag, routing, a task when selected.</summary>
    [Fact]
    public async Task PruneAsync_deletes_an_old_task_that_a_reviewer_was_handed_with_its_assignment()
    {
        var old = await ProcessedAsync(selected: true, scored: false);
        Assert.NotNull(await Reviews.NextTaskAsync("bob", Project, TimeSpan.FromDays(365), CancellationToken.None));
        Clock.Now = Some.Noon;

        var report = await Retention.PruneAsync(Some.Noon.AddDays(-30), includeReviewed: false, batch: 10, CancellationToken.None);

        Assert.Equal((1, 1), (report.Interactions, report.Tasks));
        Assert.Null(await Interactions.GetAsync(old, CancellationToken.None));
        Assert.Null(await Reviews.NextTaskAsync("bob", Project, TimeSpan.FromDays(365), CancellationToken.None));
    }

    private async Task<string> ProcessedAsync(bool selected, bool scored, DateTimeOffset? occurred = null)
    {
        var item = Some.Parsed(at: occurred ?? Clock.Now, project: Project);
        await Interactions.AppendAsync([item], CancellationToken.None);
        var sequence = (await Interactions.GetAsync(item.Interaction.Id, CancellationToken.None))!.Stored.Sequence;
        var decision = new RoutingDecision(Tier.Flagged, 1, selected, 1, "flagged", selected ? 2 : 0);
        var score = scored ? new SelfAgreementRecord(SampleSource.Client, "atlas@2026-10-01", Detection.Consistency.SelfAgreementMethod.ShortAnswer, 3, 0.5, 0) : null;
        await Interactions.CompleteAsync([new ProcessingResult(sequence, "policy-a", [Some.Flag("pii-email")], [], decision, score)], CancellationToken.None);
        return item.Interaction.Id;
    }

    private async Task<long?> TaskOfAsync(string interactionId) =>
        (await Reviews.ListTasksAsync(Review.ApiKey.AllProjects, null, interactionId, 0, 10, CancellationToken.None)).Tasks.SingleOrDefault()?.TaskId;

    private async Task LabelAsync(string interactionId, string reviewer, params string[] categories) =>
        await Reviews.SubmitLabelAsync((await TaskOfAsync(interactionId))!.Value, reviewer, Some.Verdict(categories), 30, Project, CancellationToken.None);
}
