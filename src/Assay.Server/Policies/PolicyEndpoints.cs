using System.Text;
using Assay.Audit;
using Assay.Policy;
using Assay.Server.Auth;
using Assay.Server.Http;
using Assay.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Assay.Server.Policies;

/// <summary><c>/v1/policies</c>: upload a policy version, list the versions, read one's text, and activate one without a restart.</summary>
/// <remarks>
/// A policy applies to every project, so uploading and activating need an admin key for every project (a project's admin
/// gets 403); any admin may read them. An upload is checked as <c>assay policy check</c> checks a file; its errors come
/// back with line and column, and nothing is stored.
/// </remarks>
internal static class PolicyEndpoints
{
    /// <summary>Policies are hand-written YAML; a megabyte is far beyond any real one and bounds what an upload may hold in memory.</summary>
    public const int MaxPolicyBytes = 1 << 20;

    private static readonly string[] s_textTypes = ["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain", "application/json"];

    public static void MapPolicies(this IEndpointRouteBuilder routes)
    {
        var policies = routes.MapGroup("/v1/policies").RequireAuthorization(AuthPolicies.Admin).WithTags("Policies");
        policies.MapPost("", UploadAsync)
            .WithSummary("Upload a policy version (its YAML text as the body; ?source= names it); checked like 'assay policy check', stored, not yet active (admin keys for every project)")
            .Produces<Uploaded>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        policies.MapGet("", ListAsync)
            .WithSummary("Policy versions, newest upload first, with who activated each and when; the active one is marked")
            .Produces<PolicyList>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        policies.MapGet("/{hash}", TextAsync)
            .WithSummary("A policy version's YAML text, exactly as uploaded")
            .Produces<string>(StatusCodes.Status200OK, "application/yaml")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        policies.MapPost("/{hash}/activate", ActivateAsync)
            .WithSummary("Make an uploaded version the running policy on every node: new interactions are processed under it (admin keys for every project)")
            .Produces<PolicyActivation>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> UploadAsync(HttpContext context, PolicyVersions versions, LivePolicy live)
    {
        if (Global(context) is { } forbidden)
            return forbidden;
        var request = context.Request;
        var source = request.Query["source"].Count == 1 ? request.Query["source"][0] : "upload";
        if (string.IsNullOrWhiteSpace(source) || source.Length > 200 || request.Query["source"].Count > 1)
            return Problems.Parameter("source", "must be one name of 1 to 200 characters");
        if (Paging.Unknown(request.Query, "source") is { } unknown)
            return unknown;
        if (request.ContentType is { } type && !s_textTypes.Contains(type.Split(';')[0].Trim(), StringComparer.OrdinalIgnoreCase))
        {
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Unsupported media type",
                $"send the policy's YAML text as {string.Join(", ", s_textTypes)}; '{type}' is not one of them");
        }

        var (yaml, problem) = await ReadTextAsync(request, context.RequestAborted);
        if (problem is not null)
            return problem;
        var (check, version) = await versions.UploadAsync(yaml!, source, Caller(context).Actor, context.RequestAborted);
        if (version is null)
        {
            var errors = check.Problems.Where(p => p.Severity == ProblemSeverity.Error).ToList();
            var first = errors[0];
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid-policy", "The policy has errors",
                $"{errors.Count} error(s); the first at line {first.Line}, column {first.Column}: {first.Message}",
                extra: new Dictionary<string, object?> { ["errors"] = check.Problems.Select(Item).ToList() });
        }

        var policy = check.Policy!;
        return TypedResults.Created($"/v1/policies/{version.Hash}", new Uploaded(version.Hash, version.Source, version.UploadedAt, version.UploadedBy,
            policy.Taxonomy.Count, policy.Rules.Count, check.Monitors, live.Policy.Hash == version.Hash, [.. check.Problems.Select(Item)]));
    }

    private static async Task<IResult> ListAsync(HttpContext context, IPolicyStore store, LivePolicy live)
    {
        var query = context.Request.Query;
        if (Paging.Unknown(query, "cursor", "limit") is { } unknown)
            return unknown;
        if (Paging.Limit(query["limit"].Count == 1 ? query["limit"][0] : null, out var limit) is { } badLimit)
            return badLimit;
        if (Paging.NumberCursor(query["cursor"].Count == 1 ? query["cursor"][0] : null, 'v', out var before) is { } badCursor)
            return badCursor;
        var page = await store.ListAsync(limit + 1, before, context.RequestAborted);
        var items = page.Take(limit).Select(v => new PolicyItem(v.Hash, v.Source, v.UploadedAt, v.UploadedBy, v.Hash == live.Policy.Hash, v.Activations)).ToList();
        return TypedResults.Ok(new PolicyList(items, page.Count > limit ? Paging.NumberCursor('v', page[limit - 1].Id) : null));
    }

    private static async Task<IResult> TextAsync(string hash, IPolicyStore store, CancellationToken cancellationToken)
    {
        if (BadHash(hash) is { } bad)
            return bad;
        return await store.TextAsync(hash, cancellationToken) is { } yaml
            ? Results.Text(yaml, "application/yaml", Encoding.UTF8)
            : NotFound(hash);
    }

    private static async Task<IResult> ActivateAsync(string hash, HttpContext context, PolicyVersions versions)
    {
        if (Global(context) is { } forbidden)
            return forbidden;
        if (BadHash(hash) is { } bad)
            return bad;
        return await versions.ActivateAsync(hash, Caller(context).Actor, context.RequestAborted) is { } activation
            ? TypedResults.Ok(activation)
            : NotFound(hash);
    }

    private static Caller Caller(HttpContext context) => Auth.Caller.From(context) ?? Auth.Caller.Anonymous;

    private static ProblemHttpResult? Global(HttpContext context) => Caller(context).ProjectFilter is null
        ? null
        : Problems.Create(StatusCodes.Status403Forbidden, "forbidden", "Forbidden", "a policy applies to every project; changing it needs an admin key for every project");

    private static ProblemHttpResult? BadHash(string hash) =>
        hash.Length == 64 && hash.All(char.IsAsciiHexDigitLower) ? null : Problems.Parameter("hash", "must be a policy's full hash: 64 lower-case hex digits");

    private static ProblemHttpResult NotFound(string hash) =>
        Problems.Create(StatusCodes.Status404NotFound, "not-found", "Not found", $"no policy version {hash[..12]}… was uploaded; POST its text to /v1/policies first");

    private static async Task<(string? Text, ProblemHttpResult? Problem)> ReadTextAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxPolicyBytes)
            return (null, TooLarge());
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxPolicyBytes)
                return (null, TooLarge());
            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
            return (null, Problems.Create(StatusCodes.Status400BadRequest, "empty-body", "Empty body", "send the policy's YAML text as the request body"));
        try
        {
            return (new UTF8Encoding(false, true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length), null);
        }
        catch (DecoderFallbackException e)
        {
            return (null, Problems.Create(StatusCodes.Status400BadRequest, "invalid-encoding", "Invalid encoding",
                $"the policy text must be UTF-8; byte {e.Index} is not"));
        }
    }

    private static ProblemHttpResult TooLarge() => Problems.Create(StatusCodes.Status413PayloadTooLarge, "too-large", "Policy too large",
        $"a policy text may hold at most {MaxPolicyBytes} bytes");

    private static ProblemItem Item(PolicyProblem p) => new(p.Line, p.Column, p.Severity == ProblemSeverity.Error ? "error" : "warning", p.Message);

    internal sealed record ProblemItem(int Line, int Column, string Severity, string Message);

    /// <summary>An upload's answer: the stored version, what it holds, whether it already runs, and its warnings.</summary>
    internal sealed record Uploaded(string Hash, string Source, DateTimeOffset UploadedAt, AuditActor UploadedBy, int Categories, int Rules, int Monitors,
        bool Active, IReadOnlyList<ProblemItem> Warnings);

    internal sealed record PolicyItem(string Hash, string Source, DateTimeOffset UploadedAt, AuditActor UploadedBy, bool Active, IReadOnlyList<PolicyActivation> Activations);

    internal sealed record PolicyList(IReadOnlyList<PolicyItem> Policies, string? Next);
}
