namespace Assay.Domain;

/// <summary>An explainable finding of a detector on one interaction.</summary>
/// <param name="Rule">Id of the rule (or detector) that fired.</param>
/// <param name="Category">Taxonomy category id.</param>
/// <param name="Severity">Severity of the category (or the rule's override).</param>
/// <param name="Policy">Content hash of the policy version that produced the flag.</param>
/// <param name="Evidence">The spans that made the rule fire.</param>
/// <param name="Explanation">A sentence a reviewer can read.</param>
public sealed record Flag(
    string Rule,
    string Category,
    Severity Severity,
    string Policy,
    IReadOnlyList<Evidence> Evidence,
    string Explanation);
