using Assay.Policy;

namespace Assay.Pipeline;

/// <summary>The categories and rules a flag can carry under a policy: its taxonomy, what its pipeline's detectors can raise, and its judges.</summary>
/// <remarks>Filters are checked against it, so a mistyped category or rule is refused as unknown instead of matching nothing.</remarks>
public sealed class FlagVocabulary(IReadOnlyList<string> categories, IReadOnlyList<string> rules)
{
    /// <summary>How many valid values a problem lists before it says how many more there are.</summary>
    private const int Shown = 20;

    public IReadOnlyList<string> Categories { get; } = categories;

    public IReadOnlyList<string> Rules { get; } = rules;

    public static FlagVocabulary For(PolicyDocument policy, DetectionPipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(pipeline);
        return new FlagVocabulary(
            policy.Taxonomy.Select(c => c.Id).Concat(pipeline.Kinds.Select(k => k.Category)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            pipeline.Kinds.Select(k => k.Rule).Concat(policy.Judges.Select(j => j.Id)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());
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
