namespace Assay.Monitoring;

/// <summary>The result of evaluating a rule: the measurement, the alerts open afterwards, and what changed.</summary>
/// <param name="Outcome">The measurement.</param>
/// <param name="Open">Every open alert after this evaluation (the state to pass to the next one).</param>
/// <param name="Events">Alerts that fired or resolved in this evaluation, to send to the sinks.</param>
public sealed record MonitorEvaluation(MonitorOutcome Outcome, IReadOnlyList<Alert> Open, IReadOnlyList<Alert> Events);
