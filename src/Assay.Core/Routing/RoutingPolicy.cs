namespace Assay.Routing;

/// <summary>The routing part of a policy: which interactions go to humans, and with what probability.</summary>
/// <remarks>Versioned with the policy; the salt makes sampling deterministic, so a replay selects the same items.</remarks>
public sealed record RoutingPolicy
{
    /// <value>Key of the sampling hash. Change it to draw a fresh sample. Default <c>assay</c>.</value>
    public string Salt { get; init; } = "assay";

    /// <value>Share of unflagged traffic drawn for audit. Default 0.02.</value>
    public double AuditRate { get; init; } = 0.02;

    /// <value>Share of flagged interactions reviewed when no per-category rate is set. Default 1.</value>
    public double FlaggedRate { get; init; } = 1.0;

    /// <value>Per-category review rates for flagged interactions (the highest applicable rate wins).</value>
    public IReadOnlyDictionary<string, double> FlaggedRates { get; init; } = new Dictionary<string, double>();

    /// <value>Rule ids whose flag makes an interaction critical; a trailing <c>*</c> matches a prefix. Default <c>unsafe.*</c>.</value>
    public IReadOnlyList<string> CriticalRules { get; init; } = ["unsafe.*"];

    /// <value>Values of <c>metadata.risk</c> that make an interaction critical (case-insensitive). Default <c>high</c>.</value>
    public IReadOnlyList<string> CriticalRiskLabels { get; init; } = ["high"];

    public static RoutingPolicy Default { get; } = new();
}
