using Assay.Detection.Consistency;
using Assay.Routing;

namespace Assay.Storage.Tests;

/// <summary>A late flag (from samples Assay drew after processing) re-routes its interaction in the same transaction.</summary>
public abstract partial class ReviewStoreContract
{
    private static readonly SelfAgreementRecord s_drawn = new(SampleSource.Drawn, "atlas@1", SelfAgreementMethod.ShortAnswer, 2, 0.0, 0, ["Lyon.", "Nice."]);

    [Fact]
    public async Task A_late_flag_that_selects_an_unreviewed_interaction_opens_its_task_and_replaces_its_routing()
    {
        var id = await RouteAsync(new Route(Tier: Tier.None, Probability: 0.02, Selected: false, Priority: 0));
        Assert.Empty((await Store.ListTasksAsync(All, null, id, 0, 10, CancellationToken.None)).Tasks);
        var sequence = (await Interactions.GetAsync(id, CancellationToken.None))!.Stored.Sequence;
        var flag = Some.Flag("consistency.low-self-agreement", "hallucination", policy: "policy-a");

        await Interactions.RecordDrawnAsync(sequence, s_drawn, flag, new RoutingDecision(Tier.Flagged, 1, true, 7, "flagged (hallucination); drawn at rate 1", 3), CancellationToken.None);

        var task = (await Store.GetTaskAsync(await TaskIdAsync(id), All, CancellationToken.None))!;
        Assert.Equal((Tier.Flagged, 1.0, 3, "open"), (task.Tier, task.InclusionProbability, task.RequiredLabels, task.Status));
        Assert.Equal("flagged (hallucination); drawn at rate 1", task.Reason);
        Assert.Contains(task.Flags, f => f.Rule == "consistency.low-self-agreement");
        var routing = (await Interactions.RecordedAsync(sequence - 1, 1, CancellationToken.None))[0].Routing!;
        Assert.Equal((Tier.Flagged, true, 7.0), (routing.Tier, routing.Selected, routing.Priority));
    }

    [Fact]
    public async Task A_late_flag_moves_an_existing_audit_task_to_the_new_tier_and_keeps_its_labels()
    {
        var taskId = await TaskAsync(new Route(Tier: Tier.Audit, Probability: 0.02, Priority: 0, RequiredLabels: 2));
        Assert.Equal(Assay.Review.LabelOutcome.Stored, await LabelAsync(taskId, "alice", "hallucination"));
        var sequence = (await Interactions.GetAsync(await InteractionOfAsync(taskId), CancellationToken.None))!.Stored.Sequence;

        await Interactions.RecordDrawnAsync(sequence, s_drawn, Some.Flag("consistency.low-self-agreement", "hallucination", policy: "policy-a"),
            new RoutingDecision(Tier.Flagged, 1, true, 7, "flagged", 3), CancellationToken.None);

        var task = (await Store.GetTaskAsync(taskId, All, CancellationToken.None))!;
        Assert.Equal((Tier.Flagged, 1.0, 2, 1), (task.Tier, task.InclusionProbability, task.RequiredLabels, task.LabelCount));
        Assert.Single((await Store.ListTasksAsync(All, null, task.Interaction.Id, 0, 10, CancellationToken.None)).Tasks);
    }

    [Fact]
    public async Task A_drawn_score_without_a_flag_or_reroute_leaves_routing_and_tasks_alone()
    {
        var id = await RouteAsync(new Route(Tier: Tier.None, Probability: 0.02, Selected: false, Priority: 0));
        var sequence = (await Interactions.GetAsync(id, CancellationToken.None))!.Stored.Sequence;

        await Interactions.RecordDrawnAsync(sequence, s_drawn with { Score = 0.9 }, null, null, CancellationToken.None);

        Assert.Empty((await Store.ListTasksAsync(All, null, id, 0, 10, CancellationToken.None)).Tasks);
        Assert.Equal(Tier.None, (await Interactions.RecordedAsync(sequence - 1, 1, CancellationToken.None))[0].Routing!.Tier);
    }
}
