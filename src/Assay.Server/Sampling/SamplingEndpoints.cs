using Assay.Server.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Assay.Server.Sampling;

/// <summary>The sampler's status over HTTP, for leads and admins: whether it runs, what it spent, why it waits.</summary>
/// <remarks>
/// The sampler serves every project, and its last error can quote an endpoint's answer about another project's prompt,
/// so only a key for every project may read it; a project's lead gets 403.
/// </remarks>
internal static class SamplingEndpoints
{
    public static void MapSampling(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/v1/sampling/status", Status).RequireAuthorization(AuthPolicies.Lead).WithTags("Sampling")
            .WithSummary("Samples drawn by Assay: on or off, drawn count, tokens spent today, paused by budget, last error (keys for every project only)");

    private static Results<Ok<SamplingStatusReport>, ProblemHttpResult> Status(SamplingStatus status, Election.Leadership leadership, HttpContext context) =>
        (Caller.From(context) ?? Caller.Anonymous).ProjectFilter is null
            ? TypedResults.Ok(status.Report() with { Leader = status.Off is null ? leadership.IsLeader(Election.Leadership.Sampler) : null })
            : Http.Problems.Create(StatusCodes.Status403Forbidden, "forbidden", "Forbidden",
                "the sampler serves every project; its status needs a lead or admin key for every project");
}
