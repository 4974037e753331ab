using Assay.Domain;

namespace Assay.Review;

/// <summary>A human judgement of one interaction: the failure categories found (empty: no failure) and how severe.</summary>
public sealed record Verdict(IReadOnlySet<string> Categories, Severity? Severity, string? Note)
{
    public bool NoFailure => Categories.Count == 0;
}
