namespace Assay.Policy;

/// <summary>The outcome of reading a policy: the policy when it has no errors, and every problem found.</summary>
/// <param name="Policy">The policy, or null when any problem is an error.</param>
/// <param name="Problems">Every error and warning, in file order.</param>
public sealed record PolicyLoadResult(PolicyDocument? Policy, IReadOnlyList<PolicyProblem> Problems)
{
    /// <summary>Whether any problem is an error.</summary>
    public bool HasErrors => Problems.Any(p => p.Severity == ProblemSeverity.Error);
}
