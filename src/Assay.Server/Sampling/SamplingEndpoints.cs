using Assay.Server.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Assay.Server.Sampling;

/// <summary>The sampler's status over HTTP, for leads and admins: whether it runs, what it spent, why it waits.</summary>
internal static class SamplingEndpoints
{
    public static void MapSampling(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/v1/sampling/status", Status).RequireAuthorization(AuthPolicies.Lead).WithTags("Sampling")
            .WithSummary("Samples drawn by Assay: on or off, drawn count, tokens spent today, paused by budget, last error");

    private static Ok<SamplingStatusReport> Status(SamplingStatus status) => TypedResults.Ok(status.Report());
}
