namespace Assay.Review;

/// <summary>One reviewer's answer on one review task.</summary>
/// <param name="Seconds">Time the reviewer spent, as reported by the client.</param>
/// <param name="Supersedes">The label this one revises, if any; revisions keep the history.</param>
public sealed record Label(long LabelId, long TaskId, string Reviewer, Verdict Verdict, double? Seconds, DateTimeOffset CreatedAt, long? Supersedes = null);
