using Assay.Detection.Consistency;
using Assay.Detection.Reasoning;
using Assay.Policy;

namespace Assay.Server.Queries;

/// <summary>The categories and rules a flag of the active policy can carry: the policy's own and those of the built-in detectors.</summary>
/// <remarks>Keep the built-in lists in step with <see cref="PipelineFactory"/>: a filter value outside them is refused as unknown.</remarks>
internal sealed class FlagVocabulary(IReadOnlyList<string> categories, IReadOnlyList<string> rules)
{
    /// <summary>How many valid values a problem lists before it says how many more there are.</summary>
    private const int Shown = 20;

    public IReadOnlyList<string> Categories { get; } = categories;

    public IReadOnlyList<string> Rules { get; } = rules;

    public static FlagVocabulary For(PolicyDocument policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        string[] builtInCategories = [ReasoningMonitor.MismatchCategory, ReasoningMonitor.DeceptionCategory, ReasoningMonitor.IncoherenceCategory, SelfConsistencyDetector.Category];
        string[] builtInRules = [ReasoningMonitor.MismatchRule, ReasoningMonitor.ConcealmentRule, ReasoningMonitor.EmptyRule, ReasoningMonitor.TruncatedRule,
            ReasoningMonitor.AnomalousLengthRule, SelfConsistencyDetector.RuleId];
        return new FlagVocabulary(
            policy.Taxonomy.Select(c => c.Id).Concat(builtInCategories).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            policy.Rules.Select(r => r.Id).Concat(builtInRules).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>Why <paramref name="value"/> is refused: "is 'x', not a category of the active policy; use one of a, b, …" with at most <see cref="Shown"/> values.</summary>
    public static string Unknown(string value, string kind, IReadOnlyList<string> valid)
    {
        ArgumentNullException.ThrowIfNull(valid);
        var listed = string.Join(", ", valid.Take(Shown));
        var more = valid.Count > Shown ? $", … ({valid.Count - Shown} more)" : "";
        return $"is '{value}', not a {kind} of the active policy; use one of {listed}{more}";
    }
}
