using Assay.Domain;
using Assay.Routing;
using Assay.Storage;

namespace Assay.Cli.Commands.Replay;

/// <summary>The difference between what a policy produces on replay and what the pipeline recorded, accumulated interaction by interaction.</summary>
/// <remarks>Not thread-safe: one replay adds to it in sequence order.</remarks>
internal sealed class ReplayDiff(string replayPolicy)
{
    /// <summary>Most example interactions kept per kind of change; the counts are always complete.</summary>
    public const int MaxExamples = 20;

    public string ReplayPolicy => replayPolicy;

    public int Interactions { get; private set; }

    /// <summary>Interactions never processed: nothing was recorded to compare with, so they are skipped.</summary>
    public int Unprocessed { get; private set; }

    public int ChangedInteractions { get; private set; }

    public SortedDictionary<string, int> RecordedPolicies { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, RuleChange> Rules { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<(Tier From, Tier To), int> TierChanges { get; } = new();

    public List<string> NewlySelected { get; } = [];

    public List<string> NoLongerSelected { get; } = [];

    public int NewlySelectedCount { get; private set; }

    public int NoLongerSelectedCount { get; private set; }

    public int ProbabilityChanged { get; private set; }

    public int PriorityChanged { get; private set; }

    public int RequiredLabelsChanged { get; private set; }

    public int ReasonChanged { get; private set; }

    /// <summary>Processed interactions with no stored routing decision (processed before the router existed).</summary>
    public int RoutingMissing { get; private set; }

    public List<string> Examples { get; } = [];

    /// <summary>Where the replay's judge flags came from; null when it replayed none.</summary>
    public JudgeReplay? Judges { get; init; }

    public int Compared => Interactions - Unprocessed;

    public bool Identical => ChangedInteractions == 0;

    public void Add(StoredInteraction stored, RecordedProcessing? recorded, ProcessingResult replayed)
    {
        Interactions++;
        if (recorded?.PolicyHash is not { } policy)
        {
            Unprocessed++;
            return;
        }

        RecordedPolicies[policy] = RecordedPolicies.GetValueOrDefault(policy) + 1;
        var changes = new List<string>();
        CompareFlags(recorded.Flags, replayed.Flags, changes);
        CompareRouting(stored.Interaction.Id, recorded.Routing, replayed.Routing, changes);
        if (changes.Count == 0)
            return;
        ChangedInteractions++;
        if (Examples.Count < MaxExamples)
            Examples.Add($"{stored.Interaction.Id}: {string.Join("; ", changes)}");
    }

    private void CompareFlags(IReadOnlyList<Flag> recorded, IReadOnlyList<Flag> replayed, List<string> changes)
    {
        var before = recorded.ToDictionary(f => f.Rule, StringComparer.Ordinal);
        var after = replayed.ToDictionary(f => f.Rule, StringComparer.Ordinal);
        foreach (var (rule, flag) in after)
        {
            if (!before.TryGetValue(rule, out var old))
            {
                Rule(rule).Added++;
                changes.Add($"+{rule}");
            }
            else if (!SameFinding(old, flag))
            {
                Rule(rule).Changed++;
                changes.Add($"~{rule}");
            }
        }

        foreach (var rule in before.Keys.Where(r => !after.ContainsKey(r)))
        {
            Rule(rule).Removed++;
            changes.Add($"-{rule}");
        }
    }

    private void CompareRouting(string id, RoutingDecision? recorded, RoutingDecision? replayed, List<string> changes)
    {
        if (replayed is null)
            return;
        if (recorded is null)
        {
            RoutingMissing++;
            changes.Add("no routing recorded");
            return;
        }

        if (recorded.Tier != replayed.Tier)
        {
            TierChanges[(recorded.Tier, replayed.Tier)] = TierChanges.GetValueOrDefault((recorded.Tier, replayed.Tier)) + 1;
            changes.Add($"tier {Name(recorded.Tier)} -> {Name(replayed.Tier)}");
        }

        if (recorded.Selected != replayed.Selected)
        {
            var (list, text) = replayed.Selected ? (NewlySelected, "now selected") : (NoLongerSelected, "no longer selected");
            if (replayed.Selected)
                NewlySelectedCount++;
            else
                NoLongerSelectedCount++;
            if (list.Count < MaxExamples)
                list.Add(id);
            changes.Add(text);
        }

        // Exact comparison is right: both sides are computed by the same code, and SQLite stores doubles losslessly.
        if (recorded.InclusionProbability != replayed.InclusionProbability)
            Count(() => ProbabilityChanged++, changes, $"inclusion probability {recorded.InclusionProbability:0.####} -> {replayed.InclusionProbability:0.####}");
        if (recorded.Priority != replayed.Priority)
            Count(() => PriorityChanged++, changes, $"priority {recorded.Priority:0.##} -> {replayed.Priority:0.##}");
        // The recorded count comes from the review task, which exists only for selected interactions.
        if (recorded.Selected && replayed.Selected && recorded.RequiredLabels != replayed.RequiredLabels)
            Count(() => RequiredLabelsChanged++, changes, $"required labels {recorded.RequiredLabels} -> {replayed.RequiredLabels}");
        if (recorded.Reason != replayed.Reason && changes.Count == 0)
            Count(() => ReasonChanged++, changes, "routing reason changed");
    }

    private static void Count(Action increment, List<string> changes, string change)
    {
        increment();
        changes.Add(change);
    }

    private RuleChange Rule(string rule)
    {
        if (!Rules.TryGetValue(rule, out var change))
            Rules[rule] = change = new RuleChange();
        return change;
    }

    private static bool SameFinding(Flag a, Flag b) =>
        a.Category == b.Category && a.Severity == b.Severity && a.Explanation == b.Explanation && a.Evidence.SequenceEqual(b.Evidence);

    public static string Name(Tier tier) => tier.ToString().ToLowerInvariant();

    /// <summary>How one rule's flags changed: raised only on replay, only in the record, or raised by both with other findings.</summary>
    internal sealed class RuleChange
    {
        public int Added { get; set; }

        public int Removed { get; set; }

        public int Changed { get; set; }
    }
}
