using Assay.Policy;

namespace Assay.Sampling;

/// <summary>The sampling settings read from a policy, and every problem found on the way.</summary>
/// <param name="Policy">The settings; null when the policy has no <c>sampling</c> section or the section has errors.</param>
/// <param name="Problems">Errors and warnings with line and column, in file order.</param>
public sealed record SamplingReadResult(SamplingPolicy? Policy, IReadOnlyList<PolicyProblem> Problems);
