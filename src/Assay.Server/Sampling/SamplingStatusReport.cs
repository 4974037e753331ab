namespace Assay.Server.Sampling;

/// <summary>The sampler's state as <c>GET /v1/sampling/status</c> shows it.</summary>
/// <param name="Enabled">Whether Assay draws samples at all.</param>
/// <param name="DisabledReason">Why not, when it does not.</param>
/// <param name="Endpoint">The endpoint, without user information.</param>
/// <param name="Drawn">Interactions scored with drawn samples since the server started.</param>
/// <param name="Requests">Completions requested since the server started, failures included.</param>
/// <param name="FailedRequests">Requests that failed since the server started.</param>
/// <param name="Sequence">The last interaction the sampler has dealt with (drawn or passed over).</param>
/// <param name="TokensSpentToday">Tokens spent since the start of the UTC day, the stored draws of the day before a restart included.</param>
/// <param name="Refused">Interactions the endpoint refused for good (HTTP 400, 413, 422) since the server started: recorded unscored and passed.</param>
/// <param name="Leader">
/// Whether this node leads the sampler now (only the leader draws; the others wait to take over); null when sampling is
/// off. A follower's spend and counts are its own since it started; the leader's spend includes every node's stored draws.
/// </param>
/// <param name="PausedByBudget">True when today's token budget is spent; drawing resumes at <paramref name="ResumesAt"/>.</param>
internal sealed record SamplingStatusReport(
    bool Enabled,
    string? DisabledReason,
    string? Endpoint,
    string? Model,
    double? Share,
    int? SamplesPerInteraction,
    int? RequestsPerMinute,
    long Drawn,
    long Requests,
    long FailedRequests,
    long Sequence,
    long TokensSpentToday,
    long? DailyTokenBudget,
    bool PausedByBudget,
    DateTimeOffset? ResumesAt,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    long Refused,
    bool? Leader = null);
