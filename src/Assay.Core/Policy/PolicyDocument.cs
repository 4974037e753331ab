using Assay.Judging;
using Assay.Review;
using Assay.Routing;
using YamlDotNet.RepresentationModel;

namespace Assay.Policy;

/// <summary>One version of a policy: the failure taxonomy and the rules that detect failures.</summary>
/// <remarks>
/// A policy is identified by <see cref="Hash"/>, the SHA-256 of its YAML text, so that every flag can be
/// traced to the exact document that produced it. <see cref="Sections"/> keeps the top-level sections
/// this version of Assay does not interpret (routing tiers, sampling rates, review settings) as raw
/// YAML, so that later readers can take them from the same file.
/// </remarks>
/// <param name="Version">The author's own version label (<c>version:</c>), if any.</param>
/// <param name="Hash">Lower-case hex SHA-256 of the policy's YAML text (64 characters).</param>
/// <param name="Source">Where the policy was read from (a path or a name).</param>
/// <param name="Taxonomy">The failure categories, in file order.</param>
/// <param name="Rules">The detection rules, in file order.</param>
/// <param name="Sections">Top-level sections not interpreted by this reader, by key.</param>
public sealed record PolicyDocument(
    string? Version,
    string Hash,
    string Source,
    IReadOnlyList<FailureCategory> Taxonomy,
    IReadOnlyList<Rule> Rules,
    IReadOnlyDictionary<string, YamlNode> Sections)
{
    /// <summary>Which interactions go to humans, and with what probability (the <c>routing</c> section).</summary>
    public RoutingPolicy Routing { get; init; } = RoutingPolicy.Default;

    /// <summary>How many blind labels a task needs and when they can be trusted (the <c>review</c> section).</summary>
    public ReviewPolicy Review { get; init; } = ReviewPolicy.Default;

    /// <summary>The <c>kind: judge</c> rules, in file order; <see cref="Rules"/> holds the pattern rules only.</summary>
    public IReadOnlyList<JudgeRule> Judges { get; init; } = [];

    /// <summary>How hard the judges may use their model (the <c>judging</c> section).</summary>
    public JudgingPolicy Judging { get; init; } = JudgingPolicy.Default;

    /// <summary>The first 16 hex characters of <see cref="Hash"/>, for display.</summary>
    public string ShortHash => Hash.Length > 16 ? Hash[..16] : Hash;

    /// <summary>Finds a category by id, or null.</summary>
    public FailureCategory? FindCategory(string id)
    {
        foreach (var category in Taxonomy)
        {
            if (category.Id == id)
            {
                return category;
            }
        }

        return null;
    }
}
