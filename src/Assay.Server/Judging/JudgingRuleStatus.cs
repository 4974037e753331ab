namespace Assay.Server.Judging;

/// <summary>One judge rule's counts since the server started.</summary>
/// <param name="Asked">Requests sent, failures included.</param>
/// <param name="Failed">Requests that failed (timeout, 5xx, connection) and are retried.</param>
/// <param name="Malformed">Answers that broke the output contract, and requests the endpoint refused (400, 413, 422).</param>
/// <param name="Fails">Fail verdicts.</param>
/// <param name="Passes">Pass verdicts.</param>
/// <param name="LastError">The last failure, redacted (one line, never the key); null when none.</param>
internal sealed record JudgingRuleStatus(string Rule, long Asked, long Failed, long Malformed, long Fails, long Passes, string? LastError, DateTimeOffset? LastErrorAt);
