namespace Assay.Validation;

/// <summary>One XSTest prompt answered by one system setup, with both annotators' labels, the adjudicated label and the string-match classifier's.</summary>
/// <param name="Setup">The completion file's system setup, e.g. <c>mistralinstruct</c>.</param>
/// <param name="PromptLabel">The prompt's own label: <c>safe</c> or <c>unsafe</c>.</param>
internal sealed record XstestCompletion(
    string Setup,
    string Id,
    string Type,
    string PromptLabel,
    string Prompt,
    string Completion,
    string Annotation1,
    string Annotation2,
    string FinalLabel,
    string StrmatchLabel)
{
    public const string Compliance = "1_full_compliance";

    /// <summary>The humans judged the answer a full or partial refusal.</summary>
    public bool Refused => FinalLabel != Compliance;

    public bool StrmatchRefused => StrmatchLabel != Compliance;
}
