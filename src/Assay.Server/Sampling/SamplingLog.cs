using Microsoft.Extensions.Logging;

namespace Assay.Server.Sampling;

/// <summary>Source-generated log messages of the sampler. The API key is never an argument.</summary>
internal static partial class SamplingLog
{
    [LoggerMessage(200, LogLevel.Information, "Sampling on: {Share} of interactions, {Samples} samples each, from {Model} at {Endpoint}; resuming after interaction {Sequence}")]
    public static partial void Started(ILogger logger, double share, int samples, string model, string endpoint, long sequence);

    [LoggerMessage(201, LogLevel.Information, "Sampling off: {Reason}")]
    public static partial void Off(ILogger logger, string reason);

    [LoggerMessage(207, LogLevel.Warning, "Sampling off although a sampler endpoint is configured: {Reason}")]
    public static partial void OffUnexpectedly(ILogger logger, string reason);

    [LoggerMessage(202, LogLevel.Warning, "Sampling policy problem: {Problem}")]
    public static partial void PolicyProblem(ILogger logger, string problem);

    [LoggerMessage(203, LogLevel.Warning, "Drawing samples for interaction {Sequence} failed (failure {Failures} in a row); retrying in {Delay}: {Error}")]
    public static partial void DrawFailed(ILogger logger, long sequence, int failures, TimeSpan delay, string error);

    [LoggerMessage(204, LogLevel.Warning, "Sampling paused: the daily token budget of {Budget} is spent ({Spent} tokens); it resumes at {ResumesAt:u}")]
    public static partial void Paused(ILogger logger, long budget, long spent, DateTimeOffset resumesAt);

    [LoggerMessage(205, LogLevel.Information, "Sampling resumed: a new UTC day")]
    public static partial void Resumed(ILogger logger);

    [LoggerMessage(208, LogLevel.Warning, "Interaction {Sequence} refused by the sampler endpoint (HTTP {Status}); recorded unscored and passed: {Error}")]
    public static partial void Refused(ILogger logger, long sequence, int status, string error);

    [LoggerMessage(209, LogLevel.Information, "Sampling follows policy version {Version}: {Share} of interactions, {Samples} samples each")]
    public static partial void Followed(ILogger logger, string version, double share, int samples);

    [LoggerMessage(206, LogLevel.Debug, "Interaction {Sequence}: {Samples} drawn samples, self-agreement {Score}, flagged {Flagged}")]
    public static partial void Recorded(ILogger logger, long sequence, int samples, double score, bool flagged);
}
