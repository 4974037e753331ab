using Assay.Server.Tests.Judging;
using Assay.Server.Tests.Sampling;
using Assay.Storage;

namespace Assay.Server.Tests.Policies;

/// <summary>The judges follow the running policy: an activated version's judge rules and <c>judging:</c> section, on this node and on a follower.</summary>
public sealed class LiveJudgingTests
{
    /// <summary>The judge tests' policy with its one rule renamed and its own budget: another version, another rule.</summary>
    private static string Toned(long budget) =>
        JudgeWorkerTests.Policy($"  requests_per_minute: 600\n  daily_token_budget: {budget}\n").Replace("judge.facts", "judge.tone", StringComparison.Ordinal);

    [Fact]
    public async Task An_activated_versions_judge_rule_judges_what_is_processed_after_it_and_the_day_s_spend_carries_over()
    {
        await using var endpoint = await FakeChatEndpoint.StartAsync(JudgeWorkerTests.Script);
        await using var node = await LiveNode.StartAsync(JudgeWorkerTests.Policy(), judge: JudgeWorkerTests.Options(endpoint));
        var before = SamplingAssayServer.Interaction("What is the capital of France?", JudgeWorkerTests.Right);
        await node.IngestAsync(before);
        await WaitForVerdictsAsync(node, 1);
        Assert.Equal(["judge.facts"], Rules(await node.StatusAsync("judging")));

        // Each answer reports 50 tokens: the 50 spent under the first version and two answers under the second fill its 150.
        var toned = await node.ActivateAsync(Toned(150));
        var after = Enumerable.Range(0, 3).Select(i => SamplingAssayServer.Interaction($"Question {i} after?", JudgeWorkerTests.Right)).ToArray();
        await node.IngestAsync(after);
        await WaitForVerdictsAsync(node, 3);
        await Task.Delay(TimeSpan.FromSeconds(1));

        var verdicts = await node.VerdictsAsync();
        Assert.Equal("judge.facts", Assert.Single(verdicts[(string)before["id"]!]).Rule);
        var judgedAfter = after.SelectMany(i => verdicts[(string)i["id"]!]).ToList();
        Assert.Equal(2, judgedAfter.Count);
        Assert.All(judgedAfter, v => Assert.Equal(("judge.tone", toned), (v.Rule, v.Policy)));
        Assert.Equal(3, endpoint.Requests.Count);

        var status = await node.StatusAsync("judging");
        Assert.True(status.GetProperty("enabled").GetBoolean());
        Assert.Equal(["judge.tone"], Rules(status));
        Assert.Equal((150L, 150L, true), (status.GetProperty("tokens_spent_today").GetInt64(), status.GetProperty("daily_token_budget").GetInt64(),
            status.GetProperty("paused_by_budget").GetBoolean()));
    }

    [Fact]
    public async Task Activating_judge_rules_on_a_server_without_a_model_endpoint_judges_nothing_and_the_status_says_why()
    {
        await using var node = await LiveNode.StartAsync(null);
        var starter = await node.StatusAsync("judging");
        Assert.Empty(Rules(starter));

        await node.ActivateAsync(JudgeWorkerTests.Policy());
        await node.IngestAsync(SamplingAssayServer.Interaction("What is the capital of France?", JudgeWorkerTests.Right));
        await node.WaitUntilAllProcessedAsync();
        await Task.Delay(500);

        var status = await node.StatusAsync("judging");
        Assert.False(status.GetProperty("enabled").GetBoolean());
        Assert.StartsWith("no judge endpoint is configured", status.GetProperty("disabled_reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(["judge.facts"], Rules(status));
        Assert.Empty(await node.Store.JudgedAsync(0, long.MaxValue, CancellationToken.None));
    }

    [Fact]
    public async Task A_node_on_the_same_database_follows_an_activation_and_judges_by_the_new_versions_rules()
    {
        await using var endpoint = await FakeChatEndpoint.StartAsync(JudgeWorkerTests.Script);
        // The first node only takes traffic and activations, so the verdicts can only come from the follower.
        await using var first = await LiveNode.StartAsync(null, runPipeline: false);
        await using var follower = await LiveNode.StartAsync(null, judge: JudgeWorkerTests.Options(endpoint), databasePath: first.DatabasePath);
        var idle = await follower.StatusAsync("judging");
        Assert.Equal(("the policy has no judge rules", 0), (idle.GetProperty("disabled_reason").GetString(), Rules(idle).Count));

        var version = await first.ActivateAsync(JudgeWorkerTests.Policy());
        await Wait.UntilAsync(async () => Rules(await follower.StatusAsync("judging")).Count == 1, 10, "the follower never listed the new version's rule");
        var wrong = SamplingAssayServer.Interaction("When was Marie Curie born?", JudgeWorkerTests.Wrong);
        await first.IngestAsync(wrong);

        await WaitForVerdictsAsync(first, 1);
        var verdict = Assert.Single((await first.VerdictsAsync())[(string)wrong["id"]!]);
        Assert.Equal(("judge.facts", version, Assay.Judging.JudgeOutcome.Fail), (verdict.Rule, verdict.Policy, verdict.Verdict.Outcome));
        var status = await follower.StatusAsync("judging");
        Assert.True(status.GetProperty("enabled").GetBoolean());
        Assert.Equal(1, status.GetProperty("rules")[0].GetProperty("fails").GetInt64());
    }

    private static List<string> Rules(System.Text.Json.JsonElement status) =>
        [.. status.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("rule").GetString()!)];

    private static Task WaitForVerdictsAsync(LiveNode node, int count) =>
        Wait.UntilAsync(async () => (await node.Store.JudgedAsync(0, long.MaxValue, CancellationToken.None)).Count >= count, 15,
            $"fewer than {count} verdicts were stored");
}
