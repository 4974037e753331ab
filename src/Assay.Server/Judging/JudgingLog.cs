using Microsoft.Extensions.Logging;

namespace Assay.Server.Judging;

/// <summary>Source-generated log messages of the judge worker. The API key is never an argument.</summary>
internal static partial class JudgingLog
{
    [LoggerMessage(220, LogLevel.Information, "Judging on: {Judges} judge rule(s), model {Model} at {Endpoint}; resuming at interaction {Sequence}")]
    public static partial void Started(ILogger logger, int judges, string model, string endpoint, long sequence);

    [LoggerMessage(221, LogLevel.Warning, "Judging off although the policy has {Judges} judge rule(s): {Reason}")]
    public static partial void Off(ILogger logger, int judges, string reason);

    [LoggerMessage(222, LogLevel.Warning, "Judging interaction {Sequence} failed (failure {Failures} in a row); retrying in {Delay}: {Error}")]
    public static partial void Failed(ILogger logger, long sequence, int failures, TimeSpan delay, string error);

    [LoggerMessage(223, LogLevel.Warning, "Judging paused: the daily token budget of {Budget} is spent ({Spent} tokens); it resumes at {ResumesAt:u}")]
    public static partial void Paused(ILogger logger, long budget, long spent, DateTimeOffset resumesAt);

    [LoggerMessage(224, LogLevel.Information, "Judging resumed: a new UTC day")]
    public static partial void Resumed(ILogger logger);

    [LoggerMessage(225, LogLevel.Warning, "Interaction {Sequence} refused by the judge endpoint (HTTP {Status}); recorded as malformed: {Error}")]
    public static partial void Refused(ILogger logger, long sequence, int status, string error);

    [LoggerMessage(227, LogLevel.Information, "Judging follows policy version {Version}: {Judges} judge rule(s)")]
    public static partial void Followed(ILogger logger, string version, int judges);

    [LoggerMessage(226, LogLevel.Debug, "Interaction {Sequence}: judge {Rule} answered {Outcome}")]
    public static partial void Judged(ILogger logger, long sequence, string rule, string outcome);
}
