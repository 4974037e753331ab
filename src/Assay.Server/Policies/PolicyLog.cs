using Microsoft.Extensions.Logging;

namespace Assay.Server.Policies;

/// <summary>Source-generated log messages of policy versions: which version runs on this node, and why it changed.</summary>
internal static partial class PolicyLog
{
    [LoggerMessage(260, LogLevel.Information, "Policy {Hash} activated by {Actor}; new interactions run under it")]
    public static partial void Activated(ILogger logger, string hash, string actor);

    [LoggerMessage(261, LogLevel.Information, "Policy {Hash} runs here, as activated by {Actor} at {At:u}")]
    public static partial void Followed(ILogger logger, string hash, string actor, DateTimeOffset at);

    [LoggerMessage(262, LogLevel.Information, "Policy {Hash} runs, as activated by {Actor} at {At:u} (no --policy given)")]
    public static partial void Resumed(ILogger logger, string hash, string actor, DateTimeOffset at);

    [LoggerMessage(263, LogLevel.Warning, "Policy {Old}, activated by {Actor} at {At:u}, is replaced by {New} from {Source} given at start")]
    public static partial void Replaced(ILogger logger, string old, string actor, DateTimeOffset at, string @new, string source);

    [LoggerMessage(264, LogLevel.Error, "Policy {Hash} is active in the database but does not load here, so it is not run: {Problems}")]
    public static partial void Unloadable(ILogger logger, string hash, string problems);

    [LoggerMessage(265, LogLevel.Warning, "Could not read the active policy version; trying again: {Error}")]
    public static partial void FollowFailed(ILogger logger, string error);
}
