namespace Assay.Storage.Tests;

/// <summary>The assignment side of the review contract: a task handed out is held for its reviewer, never over its labels.</summary>
public abstract partial class ReviewStoreContract
{
    [Fact]
    public async Task NextTaskAsync_task_needing_one_label_goes_to_one_reviewer_and_the_other_gets_the_next()
    {
        var first = await TaskAsync(new Route(Priority: 5, RequiredLabels: 1));
        var second = await TaskAsync(new Route(Priority: 1, RequiredLabels: 1));

        Assert.Equal(first, (await NextAsync("alice"))!.TaskId);
        Assert.Equal(second, (await NextAsync("bob"))!.TaskId);
        Assert.Null(await NextAsync("carol"));
    }

    [Fact]
    public async Task NextTaskAsync_task_needing_two_labels_goes_to_two_reviewers_and_no_third()
    {
        var pair = await TaskAsync(new Route(Priority: 5, RequiredLabels: 2));

        Assert.Equal(pair, (await NextAsync("alice"))!.TaskId);
        Assert.Equal(pair, (await NextAsync("bob"))!.TaskId);
        Assert.Null(await NextAsync("carol"));
    }

    [Fact]
    public async Task NextTaskAsync_returns_the_reviewers_own_assignment_again_before_a_higher_priority_task()
    {
        var mine = await TaskAsync(new Route(Priority: 1, RequiredLabels: 1));
        Assert.Equal(mine, (await NextAsync("alice"))!.TaskId);
        var urgent = await TaskAsync(new Route(Priority: 9, RequiredLabels: 1));

        Assert.Equal(mine, (await NextAsync("alice"))!.TaskId);
        Assert.Equal(urgent, (await NextAsync("bob"))!.TaskId);
    }

    [Fact]
    public async Task NextTaskAsync_expired_assignment_frees_the_task_and_asking_again_renews_it()
    {
        var only = await TaskAsync(new Route(RequiredLabels: 1));
        Assert.Equal(only, (await NextAsync("alice"))!.TaskId);

        Clock.Now += s_hold - TimeSpan.FromMinutes(1);
        Assert.Equal(only, (await NextAsync("alice"))!.TaskId); // renewed until now + hold
        Clock.Now += s_hold - TimeSpan.FromMinutes(1);
        Assert.Null(await NextAsync("bob"));
        Clock.Now += TimeSpan.FromMinutes(2);
        Assert.Equal(only, (await NextAsync("bob"))!.TaskId);
        Assert.Null(await NextAsync("alice"));
    }

    [Fact]
    public async Task NextTaskAsync_a_label_ends_the_assignment_and_counts_in_its_place()
    {
        var pair = await TaskAsync(new Route(Priority: 5, RequiredLabels: 2));
        var other = await TaskAsync(new Route(Priority: 1, RequiredLabels: 2));
        Assert.Equal(pair, (await NextAsync("alice"))!.TaskId);
        await LabelAsync(pair, "alice", "pii-leak");

        Assert.Equal(other, (await NextAsync("alice"))!.TaskId);
        Assert.Equal(pair, (await NextAsync("bob"))!.TaskId);
        Assert.Equal(other, (await NextAsync("carol"))!.TaskId); // pair: alice's label and bob's assignment fill it
    }

    [Fact]
    public async Task NextTaskAsync_assignment_to_a_task_closed_meanwhile_is_not_returned()
    {
        var single = await TaskAsync(new Route(Priority: 5, RequiredLabels: 1));
        var next = await TaskAsync(new Route(Priority: 1, RequiredLabels: 1));
        Assert.Equal(single, (await NextAsync("alice"))!.TaskId);
        // A reviewer may still label a task by its address; it closes, and alice's assignment with it.
        await LabelAsync(single, "bob");

        Assert.Equal(next, (await NextAsync("alice"))!.TaskId);
    }

    [Fact]
    public async Task NextTaskAsync_many_reviewers_at_once_never_hold_a_task_beyond_its_labels()
    {
        var tasks = new Dictionary<long, int>();
        for (var t = 0; t < 6; t++)
        {
            var required = 1 + (t % 2);
            tasks[await TaskAsync(new Route(Priority: t, RequiredLabels: required))] = required;
        }

        var reviewers = Enumerable.Range(0, 16).Select(r => $"reviewer-{r}").ToList();
        var handed = await Task.WhenAll(reviewers.Select(r => Task.Run(() => NextAsync(r))));

        // Asking again one by one: each gets their own task back, and any place a busy moment skipped is filled.
        var again = new List<Review.ReviewTask?>();
        foreach (var reviewer in reviewers)
            again.Add(await NextAsync(reviewer));

        foreach (var round in new[] { handed, [.. again] })
        {
            var held = round.Where(t => t is not null).GroupBy(t => t!.TaskId).ToDictionary(g => g.Key, g => g.Count());
            Assert.All(held, h => Assert.True(h.Value <= tasks[h.Key], $"task {h.Key} needs {tasks[h.Key]} labels and was handed to {h.Value} reviewers"));
        }

        Assert.All(handed.Zip(again), pair => Assert.True(pair.First is null || pair.First.TaskId == pair.Second?.TaskId));
        Assert.Equal(tasks.Values.Sum(), again.Count(t => t is not null)); // 16 reviewers fill all 9 places
    }

    private Task<Review.ReviewTask?> NextAsync(string reviewer) => Store.NextTaskAsync(reviewer, Main, s_hold, CancellationToken.None);
}
