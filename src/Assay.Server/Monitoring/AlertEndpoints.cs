using Assay.Server.Auth;
using Assay.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Assay.Server.Monitoring;

/// <summary>The alert log over HTTP: events newest first, each with its webhook deliveries and their failures.</summary>
internal static class AlertEndpoints
{
    public static void MapAlerts(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/v1/alerts", ListAsync).WithTags("Monitoring").WithSummary("Alert events, newest first, with webhook delivery outcomes");

    private static async Task<Results<Ok<IReadOnlyList<StoredAlertEvent>>, ProblemHttpResult>> ListAsync(
        IAlertStore store, MonitoringSettings settings, HttpContext context, CancellationToken cancellationToken, int limit = 100)
    {
        if (limit is < 1 or > 1000)
            return TypedResults.Problem(detail: "'limit' must be from 1 to 1000", statusCode: StatusCodes.Status400BadRequest);
        var caller = Caller.From(context) ?? Caller.Anonymous;
        return TypedResults.Ok(await store.ListAsync(limit, AlertVisibility.Scope(caller, settings), cancellationToken));
    }
}
