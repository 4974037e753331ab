using Assay.Review;
using Assay.Server.Auth;
using Assay.Server.Http;
using Assay.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Assay.Server.Review;

/// <summary>Key management for admins: create (the token is shown once), list, revoke.</summary>
internal static class KeyEndpoints
{
    public static void MapKeys(this IEndpointRouteBuilder routes)
    {
        var keys = routes.MapGroup("/v1/keys").RequireAuthorization(AuthPolicies.Admin).WithTags("Keys");
        keys.MapPost("/", CreateAsync).WithSummary("Create a key; the token is in this answer only");
        keys.MapGet("/", ListAsync).WithSummary("Every key, without secrets");
        keys.MapDelete("/{keyId}", RevokeAsync).WithSummary("Revoke a key");
    }

    private static async Task<IResult> CreateAsync(KeyRequest request, IReviewStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 100)
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid-key", "The key request is not valid", "a name of 1 to 100 characters is required", [new Assay.Ingest.IngestProblem("/name", "is required (1 to 100 characters)")]);
        if (!Enum.TryParse<Role>(request.Role, ignoreCase: true, out var role) || int.TryParse(request.Role, out _))
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid-key", "The key request is not valid", "unknown role", [new Assay.Ingest.IngestProblem("/role", "must be one of ingest, reviewer, lead, admin")]);
        if (string.IsNullOrWhiteSpace(request.Project))
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid-key", "The key request is not valid", "a project is required", [new Assay.Ingest.IngestProblem("/project", "is required; '*' means every project")]);
        var (token, keyId, hash) = ApiKeySecrets.Create();
        var key = new ApiKey(keyId, request.Name, role, request.Project, clock.GetUtcNow(), null);
        await store.CreateKeyAsync(key, hash, cancellationToken);
        return TypedResults.Created($"/v1/keys/{keyId}", new CreatedKey(token, key));
    }

    private static async Task<IResult> ListAsync(IReviewStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListKeysAsync(cancellationToken));

    private static async Task<IResult> RevokeAsync(string keyId, IReviewStore store, TimeProvider clock, CancellationToken cancellationToken) =>
        await store.RevokeKeyAsync(keyId, clock.GetUtcNow(), cancellationToken)
            ? TypedResults.NoContent()
            : Problems.Create(StatusCodes.Status404NotFound, "not-found", "No such active key", $"no active key '{keyId}'");

    internal sealed record KeyRequest(string? Name, string? Role, string? Project);

    internal sealed record CreatedKey(string Token, ApiKey Key);
}
