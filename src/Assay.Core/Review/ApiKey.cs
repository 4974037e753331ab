namespace Assay.Review;

/// <summary>A stored API key: who holds it, what it may do, and which project's data it sees.</summary>
/// <param name="KeyId">Public part of the key, shown in lists and audit records.</param>
/// <param name="Name">The holder, e.g. a reviewer's name; every review action is attributed to it.</param>
/// <param name="Project">The only project this key sees; <c>*</c> means every project.</param>
public sealed record ApiKey(string KeyId, string Name, Role Role, string Project, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public const string AllProjects = "*";

    public bool Sees(string? project) => Project == AllProjects || Project == project;
}
