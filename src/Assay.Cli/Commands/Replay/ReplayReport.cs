using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Assay.Cli.Commands.Replay;

/// <summary>Writes a <see cref="ReplayDiff"/> as a plain-text report or as one JSON object.</summary>
internal static class ReplayReport
{
    public static string Table(ReplayDiff diff)
    {
        var text = new StringBuilder();
        Line(text, $"replayed {diff.Interactions} interaction(s) under policy {Short(diff.ReplayPolicy)}; recorded under " +
            (diff.RecordedPolicies.Count == 0 ? "no policy" : string.Join(", ", diff.RecordedPolicies.Select(p => $"{Short(p.Key)} ({p.Value})"))));
        Line(text, $"compared {diff.Compared}; skipped {diff.Unprocessed} not yet processed");
        if (diff.Judges is { Policy.Judges.Count: > 0 } judges)
        {
            Line(text, $"judge verdicts: {judges.Reused} stored reused, {judges.Asked} asked again, " +
                $"{judges.OverBudget} not asked again (daily token budget spent), {judges.Missing} missing (no stored verdict)");
        }

        if (diff.Identical)
        {
            Line(text, "identical: every flag and every routing decision is reproduced");
            return text.ToString();
        }

        Line(text, $"different: {diff.ChangedInteractions} interaction(s) changed");
        if (diff.Rules.Count > 0)
        {
            Line(text, "");
            Line(text, $"{"rule",-40} {"added",8} {"removed",8} {"changed",8}");
            foreach (var (rule, change) in diff.Rules)
                Line(text, $"{rule,-40} {change.Added,8} {change.Removed,8} {change.Changed,8}");
        }

        if (diff.TierChanges.Count > 0)
        {
            Line(text, "");
            Line(text, $"{"tier (recorded -> replay)",-40} {"count",8}");
            foreach (var ((from, to), count) in diff.TierChanges)
                Line(text, $"{ReplayDiff.Name(from) + " -> " + ReplayDiff.Name(to),-40} {count,8}");
        }

        Line(text, "");
        Line(text, $"selection: {diff.NewlySelectedCount} newly selected, {diff.NoLongerSelectedCount} no longer selected");
        Line(text, $"inclusion probability changed: {diff.ProbabilityChanged}; priority changed: {diff.PriorityChanged}; " +
            $"required labels changed: {diff.RequiredLabelsChanged}; reason changed: {diff.ReasonChanged}; no routing recorded: {diff.RoutingMissing}");
        Line(text, "");
        Line(text, $"first {diff.Examples.Count} changed interaction(s):");
        foreach (var example in diff.Examples)
            Line(text, "  " + example);
        return text.ToString();
    }

    public static string Json(ReplayDiff diff)
    {
        var rules = new JsonArray(diff.Rules.Select(r => (JsonNode)new JsonObject
        {
            ["rule"] = r.Key,
            ["added"] = r.Value.Added,
            ["removed"] = r.Value.Removed,
            ["changed"] = r.Value.Changed,
        }).ToArray());
        var tiers = new JsonArray(diff.TierChanges.Select(t => (JsonNode)new JsonObject
        {
            ["from"] = ReplayDiff.Name(t.Key.From),
            ["to"] = ReplayDiff.Name(t.Key.To),
            ["count"] = t.Value,
        }).ToArray());
        var policies = new JsonObject();
        foreach (var (policy, count) in diff.RecordedPolicies)
            policies[policy] = count;
        var report = new JsonObject
        {
            ["identical"] = diff.Identical,
            ["replay_policy"] = diff.ReplayPolicy,
            ["recorded_policies"] = policies,
            ["interactions"] = diff.Interactions,
            ["compared"] = diff.Compared,
            ["unprocessed"] = diff.Unprocessed,
            ["changed_interactions"] = diff.ChangedInteractions,
            ["flags"] = rules,
            ["tiers"] = tiers,
            ["selection"] = new JsonObject
            {
                ["newly_selected"] = diff.NewlySelectedCount,
                ["no_longer_selected"] = diff.NoLongerSelectedCount,
                ["newly_selected_examples"] = new JsonArray(diff.NewlySelected.Select(id => (JsonNode)JsonValue.Create(id)!).ToArray()),
                ["no_longer_selected_examples"] = new JsonArray(diff.NoLongerSelected.Select(id => (JsonNode)JsonValue.Create(id)!).ToArray()),
            },
            ["inclusion_probability_changed"] = diff.ProbabilityChanged,
            ["priority_changed"] = diff.PriorityChanged,
            ["required_labels_changed"] = diff.RequiredLabelsChanged,
            ["reason_changed"] = diff.ReasonChanged,
            ["routing_missing"] = diff.RoutingMissing,
            ["examples"] = new JsonArray(diff.Examples.Select(e => (JsonNode)JsonValue.Create(e)!).ToArray()),
            ["judges"] = diff.Judges is { } judges
                ? new JsonObject
                {
                    ["rejudged"] = judges.Rejudging,
                    ["reused"] = judges.Reused,
                    ["asked"] = judges.Asked,
                    ["over_budget"] = judges.OverBudget,
                    ["missing"] = judges.Missing,
                }
                : null,
        };
        return report.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) + Environment.NewLine;
    }

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;

    private static void Line(StringBuilder text, string line) => text.Append(line).Append(Environment.NewLine);
}
