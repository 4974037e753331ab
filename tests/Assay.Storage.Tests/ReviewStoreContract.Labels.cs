using Assay.Domain;
using Assay.Review;

namespace Assay.Storage.Tests;

/// <summary>The label side of the contract: blind labels, their outcomes and revisions, and a lead's adjudication.</summary>
public abstract partial class ReviewStoreContract
{
    [Fact]
    public async Task SubmitLabelAsync_first_of_two_labels_is_Stored_and_the_task_stays_open()
    {
        var task = await TaskAsync();
        Clock.Now = Some.Noon.AddMinutes(3);
        var verdict = new Verdict(new HashSet<string>(["pii-leak"], StringComparer.Ordinal), Severity.High, "an email address");

        var (outcome, label) = await Store.SubmitLabelAsync(task, "alice", verdict, 42.5, Main, CancellationToken.None);

        Assert.Equal(LabelOutcome.Stored, outcome);
        Assert.Equal((task, "alice", 42.5, Clock.Now, (long?)null), (label!.TaskId, label.Reviewer, label.Seconds, label.CreatedAt, label.Supersedes));
        Assert.Equal(["pii-leak"], label.Verdict.Categories);
        Assert.Equal("open", (await Store.GetTaskAsync(task, Main, CancellationToken.None))!.Status);
        var stored = Assert.Single(await Store.LabelsAsync(task, Main, CancellationToken.None));
        Assert.Equal((label.LabelId, Severity.High, "an email address"), (stored.LabelId, stored.Verdict.Severity, stored.Verdict.Note));
    }

    [Fact]
    public async Task SubmitLabelAsync_last_label_with_the_same_categories_is_Agreed_and_the_task_done()
    {
        var task = await TaskAsync();
        await LabelAsync(task, "alice", "pii-leak", "toxicity");

        Assert.Equal(LabelOutcome.Agreed, await LabelAsync(task, "bob", "toxicity", "pii-leak"));
        Assert.Equal("done", (await Store.GetTaskAsync(task, Main, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task SubmitLabelAsync_severity_difference_alone_is_Agreed()
    {
        var task = await TaskAsync();
        await Store.SubmitLabelAsync(task, "alice", Some.Verdict("pii-leak") with { Severity = Severity.Low }, null, Main, CancellationToken.None);

        var (outcome, _) = await Store.SubmitLabelAsync(task, "bob", Some.Verdict("pii-leak") with { Severity = Severity.Critical }, null, Main, CancellationToken.None);

        Assert.Equal(LabelOutcome.Agreed, outcome);
    }

    [Fact]
    public async Task SubmitLabelAsync_last_label_with_other_categories_is_Disagreed_and_goes_to_adjudication()
    {
        var task = await TaskAsync();
        await LabelAsync(task, "alice", "pii-leak");

        Assert.Equal(LabelOutcome.Disagreed, await LabelAsync(task, "bob"));
        Assert.Equal("adjudication", (await Store.GetTaskAsync(task, Main, CancellationToken.None))!.Status);
        Assert.Equal(task, (await Store.NextAdjudicationAsync(Main, CancellationToken.None))!.TaskId);
    }

    [Fact]
    public async Task SubmitLabelAsync_second_label_by_the_same_reviewer_is_AlreadyLabelled_and_keeps_the_first()
    {
        var task = await TaskAsync();
        await LabelAsync(task, "alice", "pii-leak");

        var (outcome, label) = await Store.SubmitLabelAsync(task, "alice", Some.Verdict(), 1, Main, CancellationToken.None);

        Assert.Equal((LabelOutcome.AlreadyLabelled, (Label?)null), (outcome, label));
        Assert.Equal(["pii-leak"], Assert.Single(await Store.LabelsAsync(task, Main, CancellationToken.None)).Verdict.Categories);
    }

    [Fact]
    public async Task SubmitLabelAsync_on_a_done_or_disputed_task_is_Closed()
    {
        var done = await TaskAsync();
        var disputed = await TaskAsync();
        await LabelAsync(done, "alice");
        await LabelAsync(done, "bob");
        await LabelAsync(disputed, "alice");
        await LabelAsync(disputed, "bob", "pii-leak");

        Assert.Equal(LabelOutcome.Closed, await LabelAsync(done, "carol"));
        Assert.Equal(LabelOutcome.Closed, await LabelAsync(disputed, "carol"));
        Assert.Equal(2, (await Store.LabelsAsync(disputed, Main, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task SubmitLabelAsync_another_projects_or_unknown_task_is_NotFound()
    {
        var theirs = await TaskAsync(new Route(Project: Other));

        Assert.Equal(LabelOutcome.NotFound, await LabelAsync(theirs, "alice"));
        Assert.Equal(LabelOutcome.NotFound, await LabelAsync(theirs + 1000, "alice"));
        Assert.Empty(await Store.LabelsAsync(theirs, All, CancellationToken.None));
    }

    [Fact]
    public async Task ReviseLabelAsync_replaces_the_label_and_keeps_the_old_one_superseded()
    {
        var task = await TaskAsync();
        var (_, first) = await Store.SubmitLabelAsync(task, "alice", Some.Verdict("pii-leak"), 10, Main, CancellationToken.None);
        Clock.Now = Some.Noon.AddMinutes(9);

        var (outcome, revised) = await Store.ReviseLabelAsync(task, "alice", Some.Verdict("toxicity"), 20, Main, CancellationToken.None);

        Assert.Equal(LabelOutcome.Stored, outcome);
        Assert.Equal((first!.LabelId, Clock.Now, 20.0), (revised!.Supersedes, revised.CreatedAt, revised.Seconds));
        Assert.NotEqual(first.LabelId, revised.LabelId);
        var current = Assert.Single(await Store.LabelsAsync(task, Main, CancellationToken.None));
        Assert.Equal((revised.LabelId, first.LabelId), (current.LabelId, current.Supersedes));
        Assert.Equal(["toxicity"], current.Verdict.Categories);
    }

    [Fact]
    public async Task ReviseLabelAsync_does_not_count_as_another_label()
    {
        var task = await TaskAsync();
        await LabelAsync(task, "alice", "pii-leak");

        await Store.ReviseLabelAsync(task, "alice", Some.Verdict(), null, Main, CancellationToken.None);

        var open = (await Store.GetTaskAsync(task, Main, CancellationToken.None))!;
        Assert.Equal(("open", 1), (open.Status, open.LabelCount));
        Assert.Equal(LabelOutcome.Agreed, await LabelAsync(task, "bob"));
    }

    [Fact]
    public async Task ReviseLabelAsync_without_a_label_is_NothingToRevise()
    {
        var task = await TaskAsync();
        await LabelAsync(task, "alice", "pii-leak");

        var (outcome, label) = await Store.ReviseLabelAsync(task, "bob", Some.Verdict(), null, Main, CancellationToken.None);

        Assert.Equal((LabelOutcome.NothingToRevise, (Label?)null), (outcome, label));
        Assert.Single(await Store.LabelsAsync(task, Main, CancellationToken.None));
    }

    [Fact]
    public async Task ReviseLabelAsync_after_the_task_closed_is_Closed()
    {
        var task = await TaskAsync();
        await LabelAsync(task, "alice", "pii-leak");
        await LabelAsync(task, "bob", "pii-leak");

        var (outcome, _) = await Store.ReviseLabelAsync(task, "alice", Some.Verdict(), null, Main, CancellationToken.None);

        Assert.Equal(LabelOutcome.Closed, outcome);
        Assert.All(await Store.LabelsAsync(task, Main, CancellationToken.None), l => Assert.Equal(["pii-leak"], l.Verdict.Categories));
    }

    [Fact]
    public async Task ReviseLabelAsync_another_projects_task_is_NotFound()
    {
        var theirs = await TaskAsync(new Route(Project: Other));
        await Store.SubmitLabelAsync(theirs, "alice", Some.Verdict("pii-leak"), null, Other, CancellationToken.None);

        var (outcome, _) = await Store.ReviseLabelAsync(theirs, "alice", Some.Verdict(), null, Main, CancellationToken.None);

        Assert.Equal(LabelOutcome.NotFound, outcome);
        Assert.Equal(["pii-leak"], Assert.Single(await Store.LabelsAsync(theirs, Other, CancellationToken.None)).Verdict.Categories);
    }

    [Fact]
    public async Task HasLabelledAsync_is_true_only_for_a_reviewer_with_a_label_and_stays_true_after_revising()
    {
        var task = await TaskAsync();
        await LabelAsync(task, "alice", "pii-leak");
        await Store.ReviseLabelAsync(task, "alice", Some.Verdict(), null, Main, CancellationToken.None);

        Assert.True(await Store.HasLabelledAsync(task, "alice", CancellationToken.None));
        Assert.False(await Store.HasLabelledAsync(task, "bob", CancellationToken.None));
        Assert.False(await Store.HasLabelledAsync(await TaskAsync(), "alice", CancellationToken.None));
    }

    [Fact]
    public async Task LabelsAsync_returns_current_labels_only_and_nothing_to_another_project()
    {
        var task = await TaskAsync(new Route(RequiredLabels: 3));
        await LabelAsync(task, "alice", "pii-leak");
        await LabelAsync(task, "bob", "pii-leak");
        await Store.ReviseLabelAsync(task, "alice", Some.Verdict("toxicity"), null, Main, CancellationToken.None);
        await Store.ReviseLabelAsync(task, "alice", Some.Verdict(), null, Main, CancellationToken.None);

        var labels = await Store.LabelsAsync(task, Main, CancellationToken.None);

        Assert.Equal([("alice", 0), ("bob", 1)], labels.Select(l => (l.Reviewer, l.Verdict.Categories.Count)).OrderBy(l => l.Reviewer, StringComparer.Ordinal));
        Assert.Empty(await Store.LabelsAsync(task, Other, CancellationToken.None));
        Assert.Equal(2, (await Store.LabelsAsync(task, All, CancellationToken.None)).Count);
    }
}
