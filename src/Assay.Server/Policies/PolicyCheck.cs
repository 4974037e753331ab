using Assay.Monitoring;
using Assay.Policy;
using Assay.Sampling;

namespace Assay.Server.Policies;

/// <summary>What checking a policy found: the policy when it loads, its monitor count, and every problem in line order.</summary>
public sealed record PolicyCheckResult(PolicyDocument? Policy, int Monitors, IReadOnlyList<PolicyProblem> Problems)
{
    public bool HasErrors => Policy is null || Problems.Any(p => p.Severity == ProblemSeverity.Error);
}

/// <summary>
/// The one check a policy passes before it runs, for <c>assay policy check</c> and for an upload alike: the loader's
/// problems, and those of the sections other modules read (monitors, sampling), so one check finds them all.
/// </summary>
public static class PolicyCheck
{
    public static PolicyCheckResult Run(PolicyLoadResult loaded)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        var monitors = loaded.Policy is null ? null : MonitorReader.Read(loaded.Policy);
        var sampling = loaded.Policy is null ? null : SamplingReader.Read(loaded.Policy);
        var problems = loaded.Problems.Concat(monitors?.Problems ?? []).Concat(sampling?.Problems ?? [])
            .OrderBy(p => p.Line).ThenBy(p => p.Column).ToList();
        return new PolicyCheckResult(loaded.Policy, monitors?.Rules.Count ?? 0, problems);
    }
}
