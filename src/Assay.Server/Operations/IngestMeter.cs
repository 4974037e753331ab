using Assay.Server.Ingest;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Assay.Server.Operations;

/// <summary>Counts what ingest told its caller, read from the answer: per-interaction outcomes, or why a request was refused.</summary>
/// <remarks>
/// Reading the answer rather than the handler keeps the count equal to what clients saw. Requests refused before the
/// handler runs (no key, wrong content type) are not counted here.
/// </remarks>
internal sealed class IngestMeter(AssayMetrics metrics) : IEndpointFilter
{
    private const string ProblemTypeBase = "https://assay.dev/problems/";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        switch (result)
        {
            case JsonHttpResult<IngestResult> single:
                metrics.Ingested(single.Value!.Status, 1);
                break;
            case JsonHttpResult<BulkIngestResult> { Value: { } bulk }:
                metrics.Ingested("accepted", bulk.Accepted);
                metrics.Ingested("duplicate", bulk.Duplicate);
                metrics.Ingested("conflict", bulk.Conflict);
                metrics.Ingested("invalid", bulk.Rejected);
                break;
            case ProblemHttpResult problem:
                var type = problem.ProblemDetails.Type ?? "unknown";
                metrics.Refused(type.StartsWith(ProblemTypeBase, StringComparison.Ordinal) ? type[ProblemTypeBase.Length..] : type);
                break;
        }

        return result;
    }
}
