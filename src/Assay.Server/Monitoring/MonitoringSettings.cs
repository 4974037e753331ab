using Assay.Monitoring;

namespace Assay.Server.Monitoring;

/// <summary>What the monitor worker runs: the policy's rules and how often it evaluates them.</summary>
/// <param name="Rules">The rules read from the policy's <c>monitors</c> section.</param>
/// <param name="Interval">Time between evaluations; <value>default 30 s</value>.</param>
/// <param name="Problems">Problems found in the <c>monitors</c> section, logged when the worker starts.</param>
internal sealed record MonitoringSettings(IReadOnlyList<MonitorRule> Rules, TimeSpan Interval, IReadOnlyList<Policy.PolicyProblem> Problems);
