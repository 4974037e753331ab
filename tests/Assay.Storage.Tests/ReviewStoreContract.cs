using Assay.Review;
using Assay.Routing;

namespace Assay.Storage.Tests;

/// <summary>The behaviour every <see cref="IReviewStore"/> must have; each engine's tests derive from it.</summary>
/// <remarks>
/// Only the ports are used: tasks come to exist as in the pipeline, through <see cref="IInteractionStore.CompleteAsync"/>
/// writing flags, routing and the task in one transaction. Both stores share one <see cref="ManualClock"/>, so task, label
/// and adjudication times are known exactly. This part holds the helpers and the task queries; the partial files hold
/// labels, adjudication, metric inputs and keys.
/// </remarks>
public abstract partial class ReviewStoreContract : IAsyncLifetime
{
    private const string Main = "support-bot";
    private const string Other = "travel";
    private const string All = ApiKey.AllProjects;

    /// <summary>How long a task handed out by <see cref="IReviewStore.NextTaskAsync"/> stays the reviewer's in these tests.</summary>
    private static readonly TimeSpan s_hold = TimeSpan.FromMinutes(30);

    /// <summary>The clock both stores read; a test moves it.</summary>
    private protected ManualClock Clock { get; } = new(Some.Noon);

    /// <summary>The migrated review store under test.</summary>
    protected IReviewStore Store { get; private set; } = null!;

    /// <summary>The interaction store over the same storage, through which interactions, routing and tasks are written.</summary>
    protected IInteractionStore Interactions { get; private set; } = null!;

    /// <summary>Opens and migrates both stores over this test's own storage, reading time from <paramref name="clock"/>.</summary>
    protected abstract Task<(IInteractionStore Interactions, IReviewStore Reviews)> OpenAsync(TimeProvider clock);

    /// <summary>The audit log over the same storage, where the stores write their decisions.</summary>
    protected abstract IAuditStore OpenAudit();

    public async Task InitializeAsync() => (Interactions, Store) = await OpenAsync(Clock);

    public abstract Task DisposeAsync();

    /// <summary>
    /// Puts the database back as it was before tasks carried their interaction's time (the review module's step that
    /// added <c>review_tasks.occurred_at</c>), then migrates it again as a node starting on it would.
    /// </summary>
    protected abstract Task UndoTaskTimesAndMigrateAsync();

    [Fact]
    public async Task NextTaskAsync_returns_the_highest_priority_open_task()
    {
        await TaskAsync(new Route(Priority: 1));
        var highest = await TaskAsync(new Route(Priority: 5));
        await TaskAsync(new Route(Priority: 3));

        var next = await Store.NextTaskAsync("alice", Main, s_hold, CancellationToken.None);

        Assert.Equal(highest, next!.TaskId);
    }

    [Fact]
    public async Task NextTaskAsync_equal_priority_returns_the_older_task_first()
    {
        var older = await TaskAsync(new Route(Priority: 2));
        await TaskAsync(new Route(Priority: 2));

        Assert.Equal(older, (await Store.NextTaskAsync("alice", Main, s_hold, CancellationToken.None))!.TaskId);
    }

    [Fact]
    public async Task NextTaskAsync_skips_tasks_the_reviewer_labelled()
    {
        var high = await TaskAsync(new Route(Priority: 5));
        var low = await TaskAsync(new Route(Priority: 1));
        await LabelAsync(high, "alice", "pii-leak");

        Assert.Equal(low, (await Store.NextTaskAsync("alice", Main, s_hold, CancellationToken.None))!.TaskId);
        Assert.Equal(high, (await Store.NextTaskAsync("bob", Main, s_hold, CancellationToken.None))!.TaskId);
    }

    [Fact]
    public async Task NextTaskAsync_skips_tasks_that_have_all_their_labels()
    {
        var full = await TaskAsync(new Route(Priority: 5, RequiredLabels: 1));
        var waiting = await TaskAsync(new Route(Priority: 1, RequiredLabels: 1));
        await LabelAsync(full, "alice");

        Assert.Equal(waiting, (await Store.NextTaskAsync("bob", Main, s_hold, CancellationToken.None))!.TaskId);
        await LabelAsync(waiting, "alice");
        Assert.Null(await Store.NextTaskAsync("bob", Main, s_hold, CancellationToken.None));
    }

    [Fact]
    public async Task NextTaskAsync_project_key_gets_only_its_projects_tasks()
    {
        await TaskAsync(new Route(Priority: 9, Project: Other));
        var mine = await TaskAsync(new Route(Priority: 1));

        Assert.Equal(mine, (await Store.NextTaskAsync("alice", Main, s_hold, CancellationToken.None))!.TaskId);
        Assert.Null(await Store.NextTaskAsync("alice", "no-such-project", s_hold, CancellationToken.None));
    }

    [Fact]
    public async Task GetTaskAsync_returns_the_interaction_its_flags_and_routing()
    {
        Clock.Now = Some.Noon.AddMinutes(5);
        var flags = new[] { Some.Flag("pii.email"), Some.Flag("injection.markers", "prompt-injection", Domain.Severity.High) };
        var id = await RouteAsync(new Route(Tier.Critical, Priority: 7, RequiredLabels: 3, Probability: 0.25, Flags: flags));
        var taskId = await TaskIdAsync(id);

        var task = await Store.GetTaskAsync(taskId, Main, CancellationToken.None);

        Assert.NotNull(task);
        Assert.Equal(id, task.Interaction.Id);
        Assert.Equal(["injection.markers", "pii.email"], task.Flags.Select(f => f.Rule).Order(StringComparer.Ordinal));
        Assert.Equal((Tier.Critical, 0.25, "Critical at 7", 3, 0, "open", Clock.Now),
            (task.Tier, task.InclusionProbability, task.Reason, task.RequiredLabels, task.LabelCount, task.Status, task.CreatedAt));
    }

    [Fact]
    public async Task GetTaskAsync_another_projects_task_is_null()
    {
        var theirs = await TaskAsync(new Route(Project: Other));

        Assert.Null(await Store.GetTaskAsync(theirs, Main, CancellationToken.None));
        Assert.Null(await Store.GetTaskAsync(theirs + 1000, All, CancellationToken.None));
    }

    [Fact]
    public async Task GetTaskAsync_all_projects_sees_every_projects_task()
    {
        var mine = await TaskAsync();
        var theirs = await TaskAsync(new Route(Project: Other));

        Assert.Equal(mine, (await Store.GetTaskAsync(mine, All, CancellationToken.None))!.TaskId);
        Assert.Equal(theirs, (await Store.GetTaskAsync(theirs, All, CancellationToken.None))!.TaskId);
        Assert.Equal(theirs, (await Store.GetTaskAsync(theirs, Other, CancellationToken.None))!.TaskId);
    }

    [Fact]
    public async Task ListTasksAsync_unselected_interaction_has_no_task()
    {
        var unselected = await RouteAsync(new Route(Tier.None, Selected: false));
        var selected = await TaskAsync();

        var page = await Store.ListTasksAsync(All, null, null, 0, 10, CancellationToken.None);

        Assert.Equal([selected], page.Tasks.Select(t => t.TaskId));
        Assert.Empty((await Store.ListTasksAsync(All, null, unselected, 0, 10, CancellationToken.None)).Tasks);
    }

    [Fact]
    public async Task ListTasksAsync_state_filter_returns_only_tasks_in_that_state()
    {
        var open = await TaskAsync();
        var done = await TaskAsync();
        var disputed = await TaskAsync();
        await LabelAsync(open, "alice", "pii-leak");
        await LabelAsync(done, "alice", "pii-leak");
        await LabelAsync(done, "bob", "pii-leak");
        await LabelAsync(disputed, "alice", "pii-leak");
        await LabelAsync(disputed, "bob");

        Assert.Equal([open], await TaskIdsAsync("open"));
        Assert.Equal([done], await TaskIdsAsync("done"));
        Assert.Equal([disputed], await TaskIdsAsync("adjudication"));
        Assert.Equal([open, done, disputed], await TaskIdsAsync(null));
    }

    [Fact]
    public async Task ListTasksAsync_reports_current_label_count_and_closing_time()
    {
        var task = await TaskAsync();
        await LabelAsync(task, "alice", "pii-leak");
        var half = Assert.Single((await Store.ListTasksAsync(All, null, null, 0, 10, CancellationToken.None)).Tasks);
        Assert.Equal((1, "open", (DateTimeOffset?)null), (half.LabelCount, half.Status, half.ClosedAt));

        Clock.Now = Some.Noon.AddHours(1);
        await LabelAsync(task, "bob", "pii-leak");

        var full = Assert.Single((await Store.ListTasksAsync(All, null, null, 0, 10, CancellationToken.None)).Tasks);
        Assert.Equal((2, "done", (DateTimeOffset?)Clock.Now), (full.LabelCount, full.Status, full.ClosedAt));
        Assert.Equal(Some.Noon, full.CreatedAt);
    }

    [Fact]
    public async Task ListTasksAsync_interaction_filter_returns_only_its_task()
    {
        await TaskAsync();
        var id = await RouteAsync(new Route(Priority: 4));
        await TaskAsync();

        var page = await Store.ListTasksAsync(All, null, id, 0, 10, CancellationToken.None);

        var only = Assert.Single(page.Tasks);
        Assert.Equal((id, Tier.Flagged, 4.0, 2), (only.InteractionId, only.Tier, only.Priority, only.RequiredLabels));
        Assert.Null(page.NextAfter);
    }

    [Fact]
    public async Task ListTasksAsync_keyset_pages_in_task_order_without_gaps_or_repeats()
    {
        var created = new List<long>();
        for (var i = 0; i < 23; i++)
            created.Add(await TaskAsync(new Route(Priority: i % 4)));

        var seen = new List<long>();
        var sizes = new List<int>();
        long after = 0;
        for (var pages = 0; pages < 100; pages++)
        {
            var page = await Store.ListTasksAsync(All, null, null, after, 7, CancellationToken.None);
            seen.AddRange(page.Tasks.Select(t => t.TaskId));
            sizes.Add(page.Tasks.Count);
            if (page.NextAfter is not { } next)
                break;
            Assert.Equal(page.Tasks[^1].TaskId, next);
            after = next;
        }

        Assert.Equal([7, 7, 7, 2], sizes);
        Assert.Equal(created, seen);
    }

    [Fact]
    public async Task ListTasksAsync_exactly_full_last_page_has_no_next()
    {
        for (var i = 0; i < 4; i++)
            await TaskAsync();

        var first = await Store.ListTasksAsync(All, null, null, 0, 2, CancellationToken.None);
        var last = await Store.ListTasksAsync(All, null, null, first.NextAfter!.Value, 2, CancellationToken.None);

        Assert.Equal(2, last.Tasks.Count);
        Assert.Null(last.NextAfter);
    }

    [Fact]
    public async Task ListTasksAsync_project_lists_only_its_own_tasks()
    {
        var mine = await TaskAsync();
        var theirs = await TaskAsync(new Route(Project: Other));

        Assert.Equal([mine], (await Store.ListTasksAsync(Main, null, null, 0, 10, CancellationToken.None)).Tasks.Select(t => t.TaskId));
        Assert.Equal([theirs], (await Store.ListTasksAsync(Other, null, null, 0, 10, CancellationToken.None)).Tasks.Select(t => t.TaskId));
        Assert.Equal([mine, theirs], (await Store.ListTasksAsync(All, null, null, 0, 10, CancellationToken.None)).Tasks.Select(t => t.TaskId));
        Assert.Empty((await Store.ListTasksAsync(Main, null, await InteractionOfAsync(theirs), 0, 10, CancellationToken.None)).Tasks);
    }

    /// <summary>Appends an interaction and completes it as the pipeline does (flags, routing, a task when selected); returns its id.</summary>
    [Fact]
    public async Task BacklogAsync_counts_open_tasks_per_tier_with_the_oldest_first_routed_and_skips_closed_ones()
    {
        var oldest = await TaskAsync(new Route(Tier.Flagged, At: Some.Noon.AddHours(-3)));
        Clock.Now = Some.Noon.AddMinutes(10);
        await TaskAsync(new Route(Tier.Flagged, At: Some.Noon.AddHours(-5)));
        var critical = await TaskAsync(new Route(Tier.Critical));
        var closed = await TaskAsync(new Route(Tier.Audit, RequiredLabels: 1));
        await Store.SubmitLabelAsync(closed, "alice", Some.Verdict(), 5, Main, CancellationToken.None);
        await TaskAsync(new Route(Tier.Flagged, Project: "elsewhere"));

        var backlog = await Store.BacklogAsync(Main, CancellationToken.None);

        Assert.Equal([Tier.Critical, Tier.Flagged], backlog.Select(b => b.Tier));
        var flagged = backlog[1];
        Assert.Equal((2, Some.Noon, Some.Noon.AddHours(-5), oldest), (flagged.Open, flagged.OldestRoutedAt, flagged.OldestOccurredAt, flagged.OldestTaskId));
        Assert.Equal(critical, backlog[0].OldestTaskId);
    }

    private async Task<string> RouteAsync(Route? route = null)
    {
        route ??= new Route();
        var item = Some.Parsed(at: route.At ?? Some.Noon, project: route.Project);
        await Interactions.AppendAsync([item], CancellationToken.None);
        var sequence = (await Interactions.GetAsync(item.Interaction.Id, CancellationToken.None))!.Stored.Sequence;
        var decision = new RoutingDecision(route.Tier, route.Probability, route.Selected, route.Priority, $"{route.Tier} at {route.Priority}", route.RequiredLabels);
        await Interactions.CompleteAsync([new ProcessingResult(sequence, route.Policy, route.Flags ?? [], [], decision)], CancellationToken.None);
        return item.Interaction.Id;
    }

    /// <summary>Routes a selected interaction and returns the id of its review task.</summary>
    private async Task<long> TaskAsync(Route? route = null) => await TaskIdAsync(await RouteAsync(route));

    private async Task<long> TaskIdAsync(string interactionId) =>
        Assert.Single((await Store.ListTasksAsync(All, null, interactionId, 0, 10, CancellationToken.None)).Tasks).TaskId;

    private async Task<string> InteractionOfAsync(long taskId) => (await Store.GetTaskAsync(taskId, All, CancellationToken.None))!.Interaction.Id;

    private async Task<List<long>> TaskIdsAsync(string? status) =>
        (await Store.ListTasksAsync(All, status, null, 0, 100, CancellationToken.None)).Tasks.Select(t => t.TaskId).ToList();

    /// <summary>Submits <paramref name="reviewer"/>'s label naming <paramref name="categories"/> (none: no failure) in the main project.</summary>
    private async Task<LabelOutcome> LabelAsync(long taskId, string reviewer, params string[] categories) =>
        (await Store.SubmitLabelAsync(taskId, reviewer, Some.Verdict(categories), 30, Main, CancellationToken.None)).Outcome;
}
