using System.Globalization;
using Assay.Domain;

namespace Assay.Detection;

/// <summary>Gathers the evidence of one interaction per rule and turns it into one flag per rule that fired.</summary>
/// <remarks>
/// A flag keeps at most <see cref="RuleDetector.MaxEvidencePerFlag"/> spans, the first ones found per field,
/// so that a text full of matches cannot make one flag unboundedly large; the explanation still counts every
/// match. Not thread-safe: one collector per <see cref="RuleDetector.Detect"/> call.
/// </remarks>
internal sealed class EvidenceCollector
{
    private const int MaxQuotedChars = 80;

    // Most texts match nothing, so nothing is allocated until the first piece of evidence arrives.
    private Dictionary<int, (List<Evidence> Spans, int Count)>? _byRule;

    public void Add(int rule, TextField field, int? message, string text, int start, int end)
    {
        _byRule ??= [];
        if (!_byRule.TryGetValue(rule, out var entry))
        {
            entry = ([], 0);
        }

        if (entry.Count < RuleDetector.MaxEvidencePerFlag)
        {
            entry.Spans.Add(new Evidence(field, message, start, end, text[start..end]));
        }

        _byRule[rule] = (entry.Spans, entry.Count + 1);
    }

    public void Emit(IReadOnlyList<CompiledRule> rules, string policyHash, ICollection<Flag> flags)
    {
        if (_byRule is null)
        {
            return;
        }

        foreach (var (r, (spans, count)) in _byRule.OrderBy(pair => pair.Key))
        {
            spans.Sort(static (a, b) =>
                a.Field != b.Field ? a.Field.CompareTo(b.Field)
                : a.Message != b.Message ? (a.Message ?? -1).CompareTo(b.Message ?? -1)
                : a.Start != b.Start ? a.Start.CompareTo(b.Start)
                : a.End.CompareTo(b.End));
            var compiled = rules[r];
            var rule = compiled.Rule;
            flags.Add(new Flag(rule.Id, rule.Category, compiled.Severity, policyHash, spans, Explain(compiled, spans[0], count)));
        }
    }

    private static string Explain(CompiledRule compiled, Evidence first, int count)
    {
        var rule = compiled.Rule;
        var quoted = first.Text.Length <= MaxQuotedChars ? first.Text : string.Concat(first.Text.AsSpan(0, MaxQuotedChars), "…");
        var where = first.Field switch
        {
            TextField.Input => string.Create(CultureInfo.InvariantCulture, $"input message {first.Message}"),
            TextField.Reasoning => "reasoning",
            _ => "response",
        };
        var more = count > 1 ? string.Create(CultureInfo.InvariantCulture, $" (and {count - 1} more)") : string.Empty;
        var kind = rule.Kind.ToString().ToLowerInvariant();
        var description = string.IsNullOrWhiteSpace(rule.Description) ? string.Empty : ": " + rule.Description.Trim();
        return $"Rule '{rule.Id}' ({kind}) matched \"{quoted}\" in {where}{more}{description}";
    }
}
