using Assay.Cli.Commands.Replay;
using Assay.Judging;
using Assay.Policy;
using Assay.Server.Judging;
using Assay.Server.Tests.Sampling;

namespace Assay.Server.Tests.Judging;

/// <summary>Replay over interactions a judge worker judged: stored verdicts reused, or asked again within the shared daily budget.</summary>
public sealed class JudgeReplayTests
{
    private static readonly string s_everythingFails = """{"verdict": "fail", "score": 0.8, "quotes": ["capital"], "explanation": "Second opinion."}""";

    private static PolicyDocument Parse(string yaml) => PolicyLoader.Parse(yaml, "policy.yaml").Policy!;

    private static async Task<SamplingAssayServer> JudgedAsync(FakeChatEndpoint endpoint, string policy)
    {
        var server = await SamplingAssayServer.StartJudgingAsync(policy, JudgeWorkerTests.Options(endpoint));
        await server.IngestAsync(
            SamplingAssayServer.Interaction("When was Marie Curie born?", JudgeWorkerTests.Wrong),
            SamplingAssayServer.Interaction("What is the capital of France?", JudgeWorkerTests.Right));
        await JudgeWorkerTests.VerdictsAsync(server, 2);
        return server;
    }

    [Fact]
    public async Task Replay_at_the_same_policy_reuses_the_stored_verdicts_asks_nothing_and_is_identical()
    {
        await using var endpoint = await FakeChatEndpoint.StartAsync(JudgeWorkerTests.Script);
        var yaml = JudgeWorkerTests.Policy();
        await using var server = await JudgedAsync(endpoint, yaml);
        var policy = Parse(yaml);
        var pipeline = PipelineFactory.Create(policy);

        var judges = new JudgeReplay(policy, server.Store, null);
        var diff = await Replayer.RunAsync(server.Store, pipeline, judges, CancellationToken.None);
        var withoutJudges = await Replayer.RunAsync(server.Store, pipeline, CancellationToken.None);

        Assert.True(diff.Identical, ReplayReport.Table(diff));
        Assert.Equal((2, 0, 0, 0), (judges.Reused, judges.Asked, judges.OverBudget, judges.Missing));
        Assert.Equal(2, endpoint.Requests.Count);
        Assert.Contains("judge verdicts: 2 stored reused, 0 asked again", ReplayReport.Table(diff), StringComparison.Ordinal);
        // Without the stored verdicts the judge's flag and the review it caused would be lost: the reuse is what makes it identical.
        Assert.False(withoutJudges.Identical);
        Assert.Equal(1, withoutJudges.Rules["judge.facts"].Removed);
    }

    [Fact]
    public async Task Rejudge_asks_again_reports_the_changed_verdicts_and_records_its_spend_in_the_judges_budget()
    {
        await using var endpoint = await FakeChatEndpoint.StartAsync(JudgeWorkerTests.Script);
        await using var second = await FakeChatEndpoint.StartAsync(_ => new FakeChatReply(s_everythingFails));
        var yaml = JudgeWorkerTests.Policy();
        await using var server = await JudgedAsync(endpoint, yaml);
        var policy = Parse(yaml);
        using var asker = JudgeAsker.Create(JudgeWorkerTests.Options(second), policy.Judging, TimeProvider.System);
        var judges = new JudgeReplay(policy, server.Store, asker);

        var diff = await Replayer.RunAsync(server.Store, PipelineFactory.Create(policy), judges, CancellationToken.None);

        Assert.False(diff.Identical);
        // The right answer is now failed by the second opinion; the wrong one stays flagged with the new explanation.
        Assert.Equal((1, 0, 1), (diff.Rules["judge.facts"].Added, diff.Rules["judge.facts"].Removed, diff.Rules["judge.facts"].Changed));
        Assert.Equal((0, 2, 0), (judges.Reused, judges.Asked, judges.OverBudget));
        Assert.Equal(2, second.Requests.Count);
        Assert.Equal(2, endpoint.Requests.Count);
        // 2 stored verdicts and 2 replay calls at 50 tokens each; the stored verdicts themselves are untouched.
        Assert.Equal(200, await server.Store.JudgeTokensSinceAsync(asker.Budget.DayStart, CancellationToken.None));
        Assert.All(await server.Store.JudgedAsync(0, long.MaxValue, CancellationToken.None), v => Assert.NotEqual("Second opinion.", v.Verdict.Explanation));
    }

    [Fact]
    public async Task Rejudge_stops_asking_when_the_shared_daily_budget_is_spent_and_the_worker_then_waits_too()
    {
        await using var endpoint = await FakeChatEndpoint.StartAsync(JudgeWorkerTests.Script);
        await using var second = await FakeChatEndpoint.StartAsync(_ => new FakeChatReply(s_everythingFails));
        // The worker's two verdicts cost 100 of 150 tokens: replay may ask once more, then the budget is spent.
        var yaml = JudgeWorkerTests.Policy("  requests_per_minute: 600\n  daily_token_budget: 150\n");
        await using var server = await JudgedAsync(endpoint, yaml);
        var policy = Parse(yaml);
        using var asker = JudgeAsker.Create(JudgeWorkerTests.Options(second), policy.Judging, TimeProvider.System);
        var judges = new JudgeReplay(policy, server.Store, asker);

        var diff = await Replayer.RunAsync(server.Store, PipelineFactory.Create(policy), judges, CancellationToken.None);

        Assert.Equal((1, 1, 1), (judges.Asked, judges.OverBudget, judges.Reused));
        Assert.Single(second.Requests);
        Assert.Contains("1 not asked again (daily token budget spent)", ReplayReport.Table(diff), StringComparison.Ordinal);
        Assert.Equal(150, await server.Store.JudgeTokensSinceAsync(asker.Budget.DayStart, CancellationToken.None));

        // The replay's spend is the worker's too: a new interaction is not judged today.
        await server.IngestAsync(SamplingAssayServer.Interaction("Is water wet?", JudgeWorkerTests.Right));
        await server.WaitUntilAllProcessedAsync();
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(2, (await server.Store.JudgedAsync(0, long.MaxValue, CancellationToken.None)).Count);
        Assert.Equal(2, endpoint.Requests.Count);
    }
}
