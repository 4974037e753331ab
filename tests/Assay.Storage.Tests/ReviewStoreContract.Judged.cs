using Assay.Audit;
using Assay.Judging;
using Assay.Routing;

namespace Assay.Storage.Tests;

/// <summary>Judge verdicts: stored whatever the outcome, idempotent, re-routing on a fail, read back for replay and the budget.</summary>
public abstract partial class ReviewStoreContract
{
    private static JudgeRecord Judged(long sequence, JudgeVerdict verdict, string rule = "judge.facts", long tokens = 100) =>
        new(sequence, rule, "ignored: the store uses the processed policy", "judge-model", verdict, "{\"verdict\": …}", tokens, Some.Noon);

    [Fact]
    public async Task A_fail_verdict_is_stored_with_its_flag_and_opens_a_task_and_pass_and_malformed_verdicts_are_stored_too()
    {
        var failing = await RouteAsync(new Route(Tier: Tier.None, Probability: 0.02, Selected: false, Priority: 0));
        var passing = await RouteAsync(new Route(Tier: Tier.None, Probability: 0.02, Selected: false, Priority: 0));
        var (a, b) = ((await Interactions.GetAsync(failing, CancellationToken.None))!.Stored.Sequence, (await Interactions.GetAsync(passing, CancellationToken.None))!.Stored.Sequence);
        var fail = new JudgeVerdict(JudgeOutcome.Fail, 0.9, ["born in 1877", "it's \"quoted\""], "Wrong year.", null);
        var flag = Some.Flag("judge.facts", "hallucination", policy: "policy-a");

        await Interactions.RecordJudgedAsync(Judged(a, fail), flag, new RoutingDecision(Tier.Flagged, 1, true, 5, "flagged (hallucination)", 2), CancellationToken.None);
        await Interactions.RecordJudgedAsync(Judged(b, new JudgeVerdict(JudgeOutcome.Pass, 0.1, [], "Fine.", null)), null, null, CancellationToken.None);
        await Interactions.RecordJudgedAsync(Judged(b, JudgeVerdict.Malformed("the answer is empty"), rule: "judge.tone", tokens: 7), null, null, CancellationToken.None);

        var stored = await Interactions.JudgedAsync(0, long.MaxValue, CancellationToken.None);
        Assert.Equal([(a, "judge.facts"), (b, "judge.facts"), (b, "judge.tone")], stored.Select(r => (r.Sequence, r.Rule)));
        Assert.Equal(fail, stored[0].Verdict with { Quotes = fail.Quotes });
        Assert.Equal(fail.Quotes, stored[0].Verdict.Quotes);
        Assert.Equal(("policy-a", "judge-model", "{\"verdict\": …}", 100L), (stored[0].Policy, stored[0].Model, stored[0].Answer, stored[0].Tokens));
        Assert.Equal((JudgeOutcome.Pass, 0.1), (stored[1].Verdict.Outcome, stored[1].Verdict.Score));
        Assert.Equal((JudgeOutcome.Malformed, (double?)null, "the answer is empty"), (stored[2].Verdict.Outcome, stored[2].Verdict.Score, stored[2].Verdict.Problem));
        Assert.Equal(b, await Interactions.LastJudgedSequenceAsync(CancellationToken.None));
        Assert.Equal(207, await Interactions.JudgeTokensSinceAsync(Some.Noon.AddHours(-1), CancellationToken.None));
        Assert.Equal(0, await Interactions.JudgeTokensSinceAsync(Some.Noon.AddHours(1), CancellationToken.None));

        var task = (await Store.GetTaskAsync(await TaskIdAsync(failing), All, CancellationToken.None))!;
        Assert.Equal(Tier.Flagged, task.Tier);
        Assert.Contains(task.Flags, f => f.Rule == "judge.facts");
        Assert.Empty((await Store.ListTasksAsync(All, null, passing, 0, 10, CancellationToken.None)).Tasks);
    }

    [Fact]
    public async Task Judging_again_replaces_the_verdict_and_judging_the_unprocessed_throws_and_stores_nothing()
    {
        var id = await RouteAsync(new Route(Tier: Tier.None, Probability: 0.02, Selected: false, Priority: 0));
        var sequence = (await Interactions.GetAsync(id, CancellationToken.None))!.Stored.Sequence;
        await Interactions.RecordJudgedAsync(Judged(sequence, JudgeVerdict.Malformed("x")), null, null, CancellationToken.None);
        await Interactions.RecordJudgedAsync(Judged(sequence, new JudgeVerdict(JudgeOutcome.Pass, 0, [], "ok", null), tokens: 5), null, null, CancellationToken.None);
        var unprocessed = Some.Parsed();
        await Interactions.AppendAsync([unprocessed], CancellationToken.None);
        var waiting = (await Interactions.GetAsync(unprocessed.Interaction.Id, CancellationToken.None))!.Stored.Sequence;

        await Assert.ThrowsAsync<InvalidOperationException>(() => Interactions.RecordJudgedAsync(Judged(waiting, JudgeVerdict.Malformed("x")), null, null, CancellationToken.None));

        var stored = Assert.Single(await Interactions.JudgedAsync(0, long.MaxValue, CancellationToken.None));
        Assert.Equal((JudgeOutcome.Pass, 5L), (stored.Verdict.Outcome, stored.Tokens));
    }

    [Fact]
    public async Task Recorded_judge_spend_counts_in_the_daily_spend_beside_the_verdicts_and_stores_no_verdict()
    {
        var id = await RouteAsync(new Route(Tier: Tier.None, Probability: 0.02, Selected: false, Priority: 0));
        var sequence = (await Interactions.GetAsync(id, CancellationToken.None))!.Stored.Sequence;
        await Interactions.RecordJudgedAsync(Judged(sequence, new JudgeVerdict(JudgeOutcome.Pass, 0, [], "ok", null), tokens: 40), null, null, CancellationToken.None);

        await Interactions.RecordJudgeSpendAsync("replay", "judge.facts", 25, CancellationToken.None);
        await Interactions.RecordJudgeSpendAsync("replay", "judge.tone", 10, CancellationToken.None);

        Assert.Equal(75, await Interactions.JudgeTokensSinceAsync(Some.Noon.AddHours(-1), CancellationToken.None));
        Assert.Equal(0, await Interactions.JudgeTokensSinceAsync(Some.Noon.AddHours(1), CancellationToken.None));
        Assert.Single(await Interactions.JudgedAsync(0, long.MaxValue, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Interactions.RecordJudgeSpendAsync("replay", "judge.facts", -1, CancellationToken.None));
    }

    [Fact]
    public async Task Every_verdict_is_an_audit_entry_written_with_it_and_a_refused_write_logs_nothing()
    {
        var id = await RouteAsync(new Route(Tier: Tier.None, Probability: 0.02, Selected: false, Priority: 0));
        var sequence = (await Interactions.GetAsync(id, CancellationToken.None))!.Stored.Sequence;
        var audit = OpenAudit();
        var before = (await audit.HeadAsync(CancellationToken.None))?.Seq ?? 0;
        var fail = new JudgeVerdict(JudgeOutcome.Fail, 0.75, ["x"], "Wrong.", null);

        await Interactions.RecordJudgedAsync(Judged(sequence, fail, tokens: 42), Some.Flag("judge.facts", "hallucination", policy: "policy-a"),
            new RoutingDecision(Tier.Flagged, 1, true, 5, "flagged (hallucination)", 2), CancellationToken.None);
        await Interactions.RecordJudgedAsync(Judged(sequence, JudgeVerdict.Malformed("no JSON object"), rule: "judge.tone", tokens: 3), null, null, CancellationToken.None);
        var unprocessed = Some.Parsed();
        await Interactions.AppendAsync([unprocessed], CancellationToken.None);
        var waiting = (await Interactions.GetAsync(unprocessed.Interaction.Id, CancellationToken.None))!.Stored.Sequence;
        await Assert.ThrowsAsync<InvalidOperationException>(() => Interactions.RecordJudgedAsync(Judged(waiting, fail), null, null, CancellationToken.None));

        var entries = (await audit.QueryAsync(new AuditQuery(null, null, null, $"interaction:{id}", null, 100), CancellationToken.None)).Items
            .Where(e => e.Kind == "judge.verdict").ToList();
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.True(e.Seq > before));
        var flagged = System.Text.Json.Nodes.JsonNode.Parse(entries[0].Payload)!;
        Assert.Equal(("judge.facts", "fail", "0.75", 42L, "judge.facts", 2, true),
            ((string)flagged["rule"]!, (string)flagged["outcome"]!, (string)flagged["score"]!, (long)flagged["tokens"]!, (string?)flagged["flag"], (int)flagged["tier"]!, (bool)flagged["task"]!));
        Assert.Contains($"interaction-seq:{sequence}", entries[0].Subjects, StringComparison.Ordinal);
        var malformed = System.Text.Json.Nodes.JsonNode.Parse(entries[1].Payload)!;
        Assert.Equal(("judge.tone", "malformed", "no JSON object"), ((string)malformed["rule"]!, (string)malformed["outcome"]!, (string)malformed["problem"]!));
        Assert.Null(malformed["flag"]);
        Assert.Empty((await audit.QueryAsync(new AuditQuery(null, null, null, $"interaction-seq:{waiting}", null, 100), CancellationToken.None)).Items);
        Assert.True((await AuditChain.VerifyAsync(audit.ReadChainAsync(0, CancellationToken.None), CancellationToken.None)).Intact);
    }

    [Fact]
    public async Task ReviewedVerdictsAsync_returns_the_verdicts_on_the_window_s_reviewed_items_scoped_like_them()
    {
        var inside = await RouteAsync(new Route(Project: "support-bot"));
        var other = await RouteAsync(new Route(Project: "other-bot"));
        var late = await RouteAsync(new Route(At: Some.Noon.AddDays(2)));
        var unreviewed = await RouteAsync(new Route(Tier: Tier.None, Probability: 0.02, Selected: false, Priority: 0));
        foreach (var id in new[] { inside, other, late, unreviewed })
        {
            var sequence = (await Interactions.GetAsync(id, CancellationToken.None))!.Stored.Sequence;
            await Interactions.RecordJudgedAsync(Judged(sequence, new JudgeVerdict(JudgeOutcome.Fail, 0.9, [], "x", null)), null, null, CancellationToken.None);
            await Interactions.RecordJudgedAsync(Judged(sequence, JudgeVerdict.Malformed("y"), rule: "judge.a"), null, null, CancellationToken.None);
        }

        var all = await Store.ReviewedVerdictsAsync(All, Some.Noon.AddHours(-1), Some.Noon.AddHours(1), null, CancellationToken.None);
        var project = await Store.ReviewedVerdictsAsync("support-bot", Some.Noon.AddHours(-1), Some.Noon.AddHours(1), null, CancellationToken.None);
        var version = await Store.ReviewedVerdictsAsync(All, Some.Noon.AddHours(-1), Some.Noon.AddHours(1), "policy-b", CancellationToken.None);

        string[] both = [inside, other];
        Assert.Equal(
            [.. both.Order(StringComparer.Ordinal).SelectMany(id => new[] { new ReviewedVerdict(id, "judge.a", JudgeOutcome.Malformed), new ReviewedVerdict(id, "judge.facts", JudgeOutcome.Fail) })],
            all);
        Assert.Equal([new ReviewedVerdict(inside, "judge.a", JudgeOutcome.Malformed), new ReviewedVerdict(inside, "judge.facts", JudgeOutcome.Fail)], project);
        Assert.Empty(version);
        var items = await Store.ReviewedItemsAsync(All, Some.Noon.AddHours(-1), Some.Noon.AddHours(1), null, CancellationToken.None);
        Assert.Equal(items.Select(i => i.InteractionId).Order(StringComparer.Ordinal), all.Select(v => v.InteractionId).Distinct().Order(StringComparer.Ordinal));
    }
}
