using System.Security.Claims;
using Assay.Review;
using Microsoft.AspNetCore.Http;

namespace Assay.Server.Auth;

/// <summary>Who is calling: the API key's holder, role and project, read from the authenticated principal.</summary>
internal sealed record Caller(string Name, Role Role, string Project, string KeyId)
{
    public const string ProjectClaim = "assay:project";
    public const string KeyIdClaim = "assay:key";

    /// <summary>Used when keys are not required and none was presented: sees every project.</summary>
    public static Caller Anonymous { get; } = new("anonymous", Role.Admin, ApiKey.AllProjects, "");

    public bool IsLead => Role is Role.Lead or Role.Admin;

    /// <summary>The caller as the audit log names it; the anonymous caller (keys not required) has no key id.</summary>
    public Assay.Audit.AuditActor Actor => KeyId.Length == 0 ? new(null, Name) : Assay.Audit.AuditActor.Key(KeyId, Name);

    public bool Sees(string? project) => Project == ApiKey.AllProjects || Project == project;

    /// <summary>Whether this caller (an admin) may create, list or revoke keys of <paramref name="keyProject"/>: a global caller manages all, a project's caller only its own.</summary>
    public bool Manages(string keyProject) => Project == ApiKey.AllProjects || Project == keyProject;

    /// <summary>The project filter for queries: null means all projects.</summary>
    public string? ProjectFilter => Project == ApiKey.AllProjects ? null : Project;

    public static Caller? From(HttpContext context)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true)
            return null;
        return new Caller(
            user.FindFirstValue(ClaimTypes.Name)!,
            Enum.Parse<Role>(user.FindFirstValue(ClaimTypes.Role)!, ignoreCase: true),
            user.FindFirstValue(ProjectClaim)!,
            user.FindFirstValue(KeyIdClaim)!);
    }

    public static ClaimsPrincipal Principal(ApiKey key, string scheme) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.Name, key.Name),
        new Claim(ClaimTypes.Role, key.Role.ToString().ToLowerInvariant()),
        new Claim(ProjectClaim, key.Project),
        new Claim(KeyIdClaim, key.KeyId),
    ], scheme));
}
