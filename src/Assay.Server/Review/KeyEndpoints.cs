using Assay.Audit;
using Assay.Review;
using Assay.Server.Auth;
using Assay.Server.Http;
using Assay.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Assay.Server.Review;

/// <summary>Key management for admins: create (the token is shown once), list, revoke.</summary>
/// <remarks>
/// An admin scoped to a project manages only that project's keys: it cannot create a global key or another
/// project's, and a key outside its project answers 404 as if absent. Only a global admin manages global keys.
/// </remarks>
internal static class KeyEndpoints
{
    public static void MapKeys(this IEndpointRouteBuilder routes)
    {
        var keys = routes.MapGroup("/v1/keys").RequireAuthorization(AuthPolicies.Admin).WithTags("Keys");
        keys.MapPost("/", CreateAsync).WithSummary("Create a key; the token is in this answer only")
            .Accepts<KeyRequestDocument>("application/json")
            .Produces<CreatedKey>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        keys.MapGet("/", ListAsync).WithSummary("The keys the caller manages (its project's, or every key for a global admin), without secrets, oldest first, paged by cursor")
            .Produces<KeyList>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        keys.MapDelete("/{keyId}", RevokeAsync).WithSummary("Revoke a key the caller manages")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, IReviewStore store, IAuditStore audit, TimeProvider clock)
    {
        var (body, unreadable) = await JsonBody.ReadAsync(context.Request, context.RequestAborted);
        if (unreadable is not null)
            return unreadable;
        var (request, problems) = KeyRequest.Read(body, clock.GetUtcNow());
        if (request is null)
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid-key", "The key request is not valid",
                $"{problems.Count} problem(s), the first: {problems[0].Pointer} {problems[0].Detail}", problems);
        var caller = Caller.From(context) ?? Caller.Anonymous;
        var project = request.Project ?? (caller.Project == ApiKey.AllProjects ? null : caller.Project);
        if (project is null)
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid-key", "The key request is not valid", "a project is required",
                [new Assay.Ingest.IngestProblem("/project", "is required; '*' means every project")]);
        if (!caller.Manages(project))
            return Problems.Create(StatusCodes.Status403Forbidden, "outside-your-project", "The key would reach beyond your project",
                $"an admin key scoped to project '{caller.Project}' creates keys for that project only, never for '{project}'",
                [new Assay.Ingest.IngestProblem("/project", $"must be '{caller.Project}' for an admin key scoped to it")]);
        var (token, keyId, hash) = ApiKeySecrets.Create();
        var key = new ApiKey(keyId, request.Name, request.Role, project, clock.GetUtcNow(), null, request.ExpiresAt);
        await store.CreateKeyAsync(key, hash, context.RequestAborted);
        await audit.AppendAsync(AuditRecords.KeyCreated(caller.Actor, key), context.RequestAborted);
        return TypedResults.Created($"/v1/keys/{keyId}", new CreatedKey(token, key));
    }

    private static async Task<IResult> ListAsync(HttpContext context, IReviewStore store, string? cursor = null, string? limit = null)
    {
        if (Paging.Unknown(context.Request.Query, "cursor", "limit") is { } unknown)
            return unknown;
        if (Paging.Limit(limit, out var size) is { } badLimit)
            return badLimit;
        var caller = Caller.From(context) ?? Caller.Anonymous;
        string? after = null;
        if (cursor is not null)
        {
            // A cursor is 'k' and the last key id of a page; a key the caller does not manage is refused like any bad cursor.
            after = cursor.StartsWith('k') ? cursor[1..] : "";
            if (await store.FindKeyAsync(after, context.RequestAborted) is not { } found || !caller.Manages(found.Key.Project))
                return Paging.BadCursor();
        }

        var keys = await store.ListKeysAsync(caller.Project, after, size + 1, context.RequestAborted);
        return keys.Count > size
            ? TypedResults.Ok(new KeyList(keys.Take(size).ToList(), "k" + keys[size - 1].KeyId))
            : TypedResults.Ok(new KeyList(keys, null));
    }

    private static async Task<IResult> RevokeAsync(string keyId, HttpContext context, IReviewStore store, IAuditStore audit, TimeProvider clock)
    {
        var caller = Caller.From(context) ?? Caller.Anonymous;
        // A key outside the caller's reach is reported exactly as a missing one, so its existence does not leak.
        var found = await store.FindKeyAsync(keyId, context.RequestAborted);
        if (found is { } stored && caller.Manages(stored.Key.Project) && await store.RevokeKeyAsync(keyId, clock.GetUtcNow(), context.RequestAborted))
        {
            await audit.AppendAsync(AuditRecords.KeyRevoked(caller.Actor, keyId), context.RequestAborted);
            return TypedResults.NoContent();
        }

        return Problems.Create(StatusCodes.Status404NotFound, "not-found", "No such active key", $"no active key '{keyId}' that you manage");
    }

    /// <summary>The documented shape of a key request (the body is read by <see cref="KeyRequest.Read"/>).</summary>
    internal sealed record KeyRequestDocument(string Name, string Role, string? Project, DateTimeOffset? ExpiresAt);

    internal sealed record CreatedKey(string Token, ApiKey Key);
}
