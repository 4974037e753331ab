namespace Assay.Review;

/// <summary>A stored API key: who holds it, what it may do, and which project's data it sees.</summary>
/// <param name="KeyId">Public part of the key, shown in lists and audit records.</param>
/// <param name="Name">The holder, e.g. a reviewer's name; every review action is attributed to it.</param>
/// <param name="Project">The only project this key sees; <c>*</c> means every project.</param>
/// <param name="ExpiresAt">When the key stops working by itself; null for never.</param>
/// <param name="LastUsedAt">When the key last authenticated a request, to the minute (coarse on purpose: one write per key and minute at most).</param>
public sealed record ApiKey(
    string KeyId,
    string Name,
    Role Role,
    string Project,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt,
    DateTimeOffset? ExpiresAt = null,
    DateTimeOffset? LastUsedAt = null)
{
    public const string AllProjects = "*";

    /// <summary>How stale <see cref="LastUsedAt"/> may be before a use is written again.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public bool Sees(string? project) => Project == AllProjects || Project == project;

    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } expires && expires <= now;
}
