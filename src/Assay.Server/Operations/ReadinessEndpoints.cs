using Assay.Server.Http;
using Assay.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Assay.Server.Operations;

/// <summary><c>GET /readyz</c>: whether this node can serve, i.e. its database answers and is migrated; <c>/healthz</c> only says it lives.</summary>
/// <remarks>
/// A load balancer takes a node whose database went away out of rotation on 503, while its orchestrator, watching
/// <c>/healthz</c>, leaves the process alone. The check is bounded by <see cref="Timeout"/>, so a hung database is a
/// quick 503 rather than a hung probe.
/// </remarks>
internal static class ReadinessEndpoints
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public static void MapReadiness(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/readyz", ReadyAsync).WithTags("Operations")
            .WithSummary("Ready: the database answers and its schema is migrated (503 otherwise); no key needed")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    private static async Task<Results<Ok<Readiness>, ProblemHttpResult>> ReadyAsync(IHostStore store, ILoggerFactory logs, HttpContext context)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        cancel.CancelAfter(Timeout);
        bool ready;
        try
        {
            ready = await store.IsReadyAsync(cancel.Token);
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            ready = false;
        }

        if (ready)
            return TypedResults.Ok(new Readiness("ready"));
        OperationsLog.NotReady(logs.CreateLogger("Assay.Operations"));
        context.Response.Headers.RetryAfter = "5";
        return Problems.Create(StatusCodes.Status503ServiceUnavailable, "not-ready", "Not ready",
            $"the database did not answer within {Timeout.TotalSeconds:0} s, or its schema is not at this version of Assay");
    }

    /// <summary>The body of a ready answer.</summary>
    internal sealed record Readiness(string Status);
}
