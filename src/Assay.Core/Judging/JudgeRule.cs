using Assay.Domain;

namespace Assay.Judging;

/// <summary>A <c>kind: judge</c> rule: a model asked, by a prompt the policy author wrote, whether an interaction fails a category.</summary>
/// <remarks>
/// A judge is one more rater, not an oracle: its fail verdicts become flags that route to review like any other,
/// and its agreement with humans is measured before its flags count as detections.
/// </remarks>
/// <param name="Id">Unique among the policy's rules; recorded on every flag and verdict.</param>
/// <param name="Category">Taxonomy category a fail verdict indicates.</param>
/// <param name="Share">Share (0–1) of interactions judged, drawn by keyed hash so every replay judges the same ones.</param>
/// <param name="Prompt">The template sent to the model; see <see cref="JudgePrompt"/> for its placeholders.</param>
/// <param name="OnlyRisk">Only interactions whose <c>metadata.risk</c> is one of these (case-insensitive); empty for all.</param>
/// <param name="Severity">Overrides the category's severity when set.</param>
/// <param name="Description">What the judge looks for, quoted in its flags' explanations.</param>
public sealed record JudgeRule(
    string Id,
    string Category,
    double Share,
    string Prompt,
    IReadOnlyList<string> OnlyRisk,
    Severity? Severity,
    string Description);
