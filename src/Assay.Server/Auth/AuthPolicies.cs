using Microsoft.AspNetCore.Authorization;

namespace Assay.Server.Auth;

/// <summary>The authorization policies, one per kind of work; roles above a kind may do it too.</summary>
internal static class AuthPolicies
{
    public const string Ingest = "ingest";
    public const string Read = "read";
    public const string Review = "review";
    public const string Lead = "lead";
    public const string Admin = "admin";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Ingest, p => p.RequireRole("ingest", "admin"));
        options.AddPolicy(Read, p => p.RequireRole("reviewer", "lead", "admin"));
        options.AddPolicy(Review, p => p.RequireRole("reviewer", "lead", "admin"));
        options.AddPolicy(Lead, p => p.RequireRole("lead", "admin"));
        options.AddPolicy(Admin, p => p.RequireRole("admin"));
    }
}
