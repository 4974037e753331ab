namespace Assay.Server.Judging;

/// <summary>The judges' state as <c>GET /v1/judging/status</c> shows it.</summary>
/// <param name="Enabled">Whether the judge worker asks at all.</param>
/// <param name="DisabledReason">Why not, when it does not.</param>
/// <param name="Endpoint">The endpoint, without user information.</param>
/// <param name="TokensSpentToday">Tokens the judges spent since the start of the UTC day, every node's and replay's included (from the store).</param>
/// <param name="DailyTokenBudget">The policy's daily token budget, shared by every judge rule and by <c>replay --rejudge</c>.</param>
/// <param name="PausedByBudget">True when today's budget is spent; judging resumes at <paramref name="ResumesAt"/>.</param>
/// <param name="Leader">Whether this node leads the judge role now (only the leader judges); null when judging is off.</param>
/// <param name="Rules">Per judge rule, this node's counts since it started.</param>
internal sealed record JudgingStatusReport(
    bool Enabled,
    string? DisabledReason,
    string? Endpoint,
    string? Model,
    int RequestsPerMinute,
    long TokensSpentToday,
    long DailyTokenBudget,
    bool PausedByBudget,
    DateTimeOffset? ResumesAt,
    bool? Leader,
    IReadOnlyList<JudgingRuleStatus> Rules);
