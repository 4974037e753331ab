using Assay.Domain;
using Assay.Review;

namespace Assay.Storage.Tests;

/// <summary>The adjudication side of the contract: the lead's queue of disputed tasks and the decisions that close them.</summary>
public abstract partial class ReviewStoreContract
{
    [Fact]
    public async Task NextAdjudicationAsync_returns_only_disputed_tasks()
    {
        var open = await TaskAsync(new Route(Priority: 9));
        await LabelAsync(open, "alice", "pii-leak");
        var done = await TaskAsync(new Route(Priority: 9));
        await LabelAsync(done, "alice");
        await LabelAsync(done, "bob");
        Assert.Null(await Store.NextAdjudicationAsync(Main, CancellationToken.None));

        var disputed = await DisputedTaskAsync(new Route(Priority: 1));

        Assert.Equal(disputed, (await Store.NextAdjudicationAsync(Main, CancellationToken.None))!.TaskId);
        Assert.Null(await Store.NextAdjudicationAsync(Other, CancellationToken.None));
    }

    [Fact]
    public async Task NextAdjudicationAsync_returns_the_highest_priority_then_the_oldest()
    {
        var older = await DisputedTaskAsync(new Route(Priority: 2));
        var newer = await DisputedTaskAsync(new Route(Priority: 2));
        var urgent = await DisputedTaskAsync(new Route(Priority: 8));

        Assert.Equal(urgent, (await Store.NextAdjudicationAsync(Main, CancellationToken.None))!.TaskId);
        await Store.AdjudicateAsync(urgent, "lead", Some.Verdict(), Main, CancellationToken.None);
        Assert.Equal(older, (await Store.NextAdjudicationAsync(Main, CancellationToken.None))!.TaskId);
        await Store.AdjudicateAsync(older, "lead", Some.Verdict(), Main, CancellationToken.None);
        Assert.Equal(newer, (await Store.NextAdjudicationAsync(Main, CancellationToken.None))!.TaskId);
    }

    [Fact]
    public async Task AdjudicateAsync_disputed_task_stores_the_decision_and_closes_the_task()
    {
        var task = await DisputedTaskAsync();
        Clock.Now = Some.Noon.AddHours(2);
        var decision = new Verdict(new HashSet<string>(["toxicity"], StringComparer.Ordinal), Severity.Low, "rude, no leak");

        Assert.True(await Store.AdjudicateAsync(task, "lead", decision, Main, CancellationToken.None));

        var closed = Assert.Single((await Store.ListTasksAsync(All, null, null, 0, 10, CancellationToken.None)).Tasks);
        Assert.Equal(("done", (DateTimeOffset?)Clock.Now), (closed.Status, closed.ClosedAt));
        var stored = await Store.AdjudicationAsync(task, Main, CancellationToken.None);
        Assert.Equal((Severity.Low, "rude, no leak"), (stored!.Severity, stored.Note));
        Assert.Equal(["toxicity"], stored.Categories);
        Assert.Null(await Store.NextAdjudicationAsync(Main, CancellationToken.None));
    }

    [Fact]
    public async Task AdjudicateAsync_outside_the_adjudication_state_is_refused()
    {
        var open = await TaskAsync();
        var disputed = await DisputedTaskAsync();
        await Store.AdjudicateAsync(disputed, "lead", Some.Verdict(), Main, CancellationToken.None);

        Assert.False(await Store.AdjudicateAsync(open, "lead", Some.Verdict(), Main, CancellationToken.None));
        Assert.False(await Store.AdjudicateAsync(disputed, "lead", Some.Verdict("pii-leak"), Main, CancellationToken.None));
        Assert.Null(await Store.AdjudicationAsync(open, Main, CancellationToken.None));
        Assert.Equal("open", (await Store.GetTaskAsync(open, Main, CancellationToken.None))!.Status);
        Assert.Empty((await Store.AdjudicationAsync(disputed, Main, CancellationToken.None))!.Categories);
    }

    [Fact]
    public async Task AdjudicateAsync_another_projects_task_is_refused_and_its_decision_hidden()
    {
        var theirs = await DisputedTaskAsync(new Route(Project: Other));

        Assert.False(await Store.AdjudicateAsync(theirs, "lead", Some.Verdict(), Main, CancellationToken.None));
        Assert.Equal("adjudication", (await Store.GetTaskAsync(theirs, Other, CancellationToken.None))!.Status);
        Assert.True(await Store.AdjudicateAsync(theirs, "lead", Some.Verdict(), Other, CancellationToken.None));
        Assert.Null(await Store.AdjudicationAsync(theirs, Main, CancellationToken.None));
        Assert.NotNull(await Store.AdjudicationAsync(theirs, All, CancellationToken.None));
    }

    /// <summary>A task whose two labels disagree (alice: pii-leak; bob: no failure), waiting for a lead.</summary>
    private async Task<long> DisputedTaskAsync(Route? route = null)
    {
        var task = await TaskAsync(route);
        var project = route?.Project ?? Main;
        await Store.SubmitLabelAsync(task, "alice", Some.Verdict("pii-leak"), null, project, CancellationToken.None);
        await Store.SubmitLabelAsync(task, "bob", Some.Verdict(), null, project, CancellationToken.None);
        return task;
    }
}
