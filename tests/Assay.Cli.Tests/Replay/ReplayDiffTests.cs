using Assay.Cli.Commands.Replay;
using Assay.Domain;
using Assay.Routing;
using Assay.Storage;

namespace Assay.Cli.Tests.Replay;

/// <summary>What a replay counts as a difference, interaction by interaction, with hand-made records.</summary>
public sealed class ReplayDiffTests
{
    private static readonly RoutingDecision s_none = new(Tier.None, 0.02, false, 0, "unflagged; not drawn for audit");
    private static readonly RoutingDecision s_audit = new(Tier.Audit, 0.02, true, 0, "unflagged; drawn for audit at rate 0.02", 2);

    [Fact]
    public void Add_same_flags_and_routing_is_identical()
    {
        var diff = new ReplayDiff("p");

        diff.Add(Stored(1), Recorded(1, s_none, Flag("pii.email")), Result(1, s_none, Flag("pii.email")));

        Assert.True(diff.Identical);
        Assert.Equal(1, diff.Compared);
        Assert.Empty(diff.Rules);
    }

    [Fact]
    public void Add_flags_added_removed_and_changed_are_counted_per_rule()
    {
        var diff = new ReplayDiff("p");

        diff.Add(Stored(1), Recorded(1, s_none, Flag("pii.email"), Flag("pii.phone")),
            Result(1, s_none, Flag("pii.email", Severity.High), Flag("injection.markers")));

        Assert.False(diff.Identical);
        Assert.Equal(1, diff.ChangedInteractions);
        Assert.Equal((0, 0, 1), Counts(diff, "pii.email"));
        Assert.Equal((0, 1, 0), Counts(diff, "pii.phone"));
        Assert.Equal((1, 0, 0), Counts(diff, "injection.markers"));
    }

    [Fact]
    public void Add_selection_and_tier_changes_are_counted_with_examples()
    {
        var diff = new ReplayDiff("p");

        diff.Add(Stored(1), Recorded(1, s_none), Result(1, s_audit));
        diff.Add(Stored(2), Recorded(2, s_audit), Result(2, s_none));
        diff.Add(Stored(3), Recorded(3, s_audit), Result(3, s_audit with { RequiredLabels = 3 }));

        Assert.Equal(3, diff.ChangedInteractions);
        Assert.Equal(1, diff.TierChanges[(Tier.None, Tier.Audit)]);
        Assert.Equal(1, diff.TierChanges[(Tier.Audit, Tier.None)]);
        Assert.Equal(["i-1"], diff.NewlySelected);
        Assert.Equal(["i-2"], diff.NoLongerSelected);
        Assert.Equal(1, diff.RequiredLabelsChanged);
        Assert.Equal(3, diff.Examples.Count);
    }

    [Fact]
    public void Add_unprocessed_interaction_is_skipped_not_a_difference()
    {
        var diff = new ReplayDiff("p");

        diff.Add(Stored(1), new RecordedProcessing(1, "i-1", null, [], null), Result(1, s_audit, Flag("pii.email")));
        diff.Add(Stored(2), null, Result(2, s_none));

        Assert.True(diff.Identical);
        Assert.Equal(2, diff.Unprocessed);
        Assert.Equal(0, diff.Compared);
    }

    private static (int Added, int Removed, int Changed) Counts(ReplayDiff diff, string rule) =>
        (diff.Rules[rule].Added, diff.Rules[rule].Removed, diff.Rules[rule].Changed);

    private static Flag Flag(string rule, Severity severity = Severity.Medium) =>
        new(rule, "pii-leak", severity, "p", [new Evidence(TextField.Response, null, 0, 5, "alice")], $"Rule {rule} matched.");

    private static StoredInteraction Stored(long sequence) => new(sequence,
        new Interaction($"i-{sequence}", null, "atlas", null, [new Message(MessageRole.User, "Hi")], "Hello", null, [],
            new InteractionMetadata(null, null, null, null, new Dictionary<string, string>()), null, null),
        "hash", DateTimeOffset.UnixEpoch, "p");

    private static RecordedProcessing Recorded(long sequence, RoutingDecision routing, params Flag[] flags) =>
        new(sequence, $"i-{sequence}", "p", flags, routing);

    private static ProcessingResult Result(long sequence, RoutingDecision routing, params Flag[] flags) =>
        new(sequence, "p", flags, [], routing);
}
