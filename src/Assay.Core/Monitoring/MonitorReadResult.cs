using Assay.Policy;

namespace Assay.Monitoring;

/// <summary>The monitor rules read from a policy, and every problem found on the way.</summary>
/// <param name="Rules">The valid rules, in file order; a rule with an error is left out.</param>
/// <param name="Problems">Errors and warnings with line and column, in file order.</param>
public sealed record MonitorReadResult(IReadOnlyList<MonitorRule> Rules, IReadOnlyList<PolicyProblem> Problems);
