using Assay.Server.Auth;
using Assay.Server.Http;
using Assay.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Assay.Server.Monitoring;

/// <summary>The alert log over HTTP: events newest first, each with its webhook deliveries and their failures, paged by cursor.</summary>
internal static class AlertEndpoints
{
    public static void MapAlerts(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/v1/alerts", ListAsync).WithTags("Monitoring")
            .WithSummary("Alert events, newest first, with webhook delivery outcomes; paged by cursor (limit 1–1000, default 100)")
            .Produces<AlertList>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

    private static async Task<IResult> ListAsync(
        IAlertStore store, MonitoringSettings settings, HttpContext context, CancellationToken cancellationToken, string? cursor = null, string? limit = null)
    {
        if (Paging.Unknown(context.Request.Query, "cursor", "limit") is { } unknown)
            return unknown;
        if (Paging.Limit(limit, out var size) is { } badLimit)
            return badLimit;
        if (Paging.NumberCursor(cursor, 'a', out var before) is { } badCursor)
            return badCursor;
        var caller = Caller.From(context) ?? Caller.Anonymous;
        var events = await store.ListAsync(size + 1, before, AlertVisibility.Scope(caller, settings), cancellationToken);
        return events.Count > size
            ? TypedResults.Ok(new AlertList(events.Take(size).ToList(), Paging.NumberCursor('a', events[size - 1].EventId)))
            : TypedResults.Ok(new AlertList(events, null));
    }
}
