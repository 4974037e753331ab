namespace Assay.Server.Election;

/// <summary>How often a follower tries to take a role, and its leader confirms it still holds it.</summary>
/// <param name="Retry">The period of both: a role left by a dead leader is taken at most this long after its store frees it.</param>
internal sealed record LeadershipSettings(TimeSpan Retry)
{
    /// <summary>How long a SQLite lease lasts unrenewed: three renewals, so that one slow write does not hand the role over.</summary>
    public TimeSpan LeaseTerm => Retry * 3;
}
