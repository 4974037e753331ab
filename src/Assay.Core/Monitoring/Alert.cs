namespace Assay.Monitoring;

/// <summary>An alert raised by a monitor rule for one key (e.g. a model version), open until its condition clears.</summary>
/// <param name="RuleId">The rule that raised it.</param>
/// <param name="Key">What the rule was evaluated over; one open alert per rule and key.</param>
/// <param name="State">Firing or resolved.</param>
/// <param name="FiredAt">When the condition was first seen.</param>
/// <param name="ResolvedAt">When it cleared, if it has.</param>
/// <param name="Value">The metric's value at the last evaluation that changed or refreshed the alert; NaN when it had none.</param>
/// <param name="Message">What was found, in one sentence.</param>
public sealed record Alert(string RuleId, string Key, AlertState State, DateTimeOffset FiredAt, DateTimeOffset? ResolvedAt, double Value, string Message)
{
    /// <summary>Why <see cref="Value"/> is undefined, when it is: the message of that evaluation (e.g. no traffic); null otherwise.</summary>
    public string? Warning => double.IsFinite(Value) ? null : $"no value at the last evaluation: {Message}";
}
