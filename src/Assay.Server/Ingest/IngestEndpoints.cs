using Assay.Ingest;
using Assay.Server.Auth;
using Assay.Server.Http;
using Assay.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;

namespace Assay.Server.Ingest;

/// <summary><c>POST /v1/interactions</c>: one object, a JSON array, or NDJSON; acknowledged after commit.</summary>
internal static class IngestEndpoints
{
    public static void MapIngest(this IEndpointRouteBuilder routes) =>
        routes.MapPost("/v1/interactions", IngestAsync)
            .WithName("IngestInteractions")
            .WithSummary("Ingest one interaction, a JSON array of them, or NDJSON")
            // Not .Accepts(): its content-type matching would answer other types with a bare 415 before
            // RequestBody can explain which header is wrong; the request body is documented here instead.
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new(), ["application/x-ndjson"] = new() },
                };
                if (operation.Responses?.TryGetValue("503", out var busy) == true && busy is OpenApiResponse overloaded)
                {
                    overloaded.Headers = new Dictionary<string, IOpenApiHeader>
                    {
                        ["Retry-After"] = new OpenApiHeader { Description = "Seconds to wait: 1 when overloaded, 5 when the store failed to commit", Schema = new OpenApiSchema { Type = JsonSchemaType.Integer } },
                    };
                }

                return Task.CompletedTask;
            })
            .Produces<IngestResult>(StatusCodes.Status200OK)
            .Produces<IngestResult>(StatusCodes.Status202Accepted)
            .Produces<BulkIngestResult>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    private static async Task<IResult> IngestAsync(HttpContext context, IngestBodyReader bodyReader, IngestQueue queue, BodyBudget budget, AssayServerOptions options)
    {
        var holder = Caller.From(context) is { KeyId.Length: > 0 } key ? "key:" + key.KeyId : "address:" + context.Connection.RemoteIpAddress;
        var body = await RequestBody.ReadAsync(context.Request, options.Limits, budget, holder, context.RequestAborted);
        IngestRequest request;
        try
        {
            if (body.Buffer is null)
            {
                if (body.Status == StatusCodes.Status503ServiceUnavailable)
                    context.Response.Headers.RetryAfter = "1";
                var extra = body.Header is null ? null : new Dictionary<string, object?> { ["header"] = body.Header };
                return Problems.Create(body.Status, "unreadable-body", "The request body cannot be read", body.Problem!, extra: extra);
            }

            request = bodyReader.Read(body.Buffer.AsMemory(0, body.Length), body.Format);
        }
        finally
        {
            RequestBody.Release(body, budget);
        }

        if (request.BodyProblem is { } bodyProblem)
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid-body", "The request body is not valid", bodyProblem.Detail, [bodyProblem]);
        if (!request.IsBulk && !request.Items[0].IsValid)
        {
            var item = request.Items[0];
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid-interaction", "The interaction is not valid",
                $"{item.Problems.Count} problem(s), the first: {item.Problems[0].Pointer} {item.Problems[0].Detail}", item.Problems);
        }

        request = ProjectScope.Apply(request, Caller.From(context) ?? Caller.Anonymous);
        if (!request.IsBulk && !request.Items[0].IsValid)
        {
            var item = request.Items[0];
            return Problems.Create(StatusCodes.Status403Forbidden, "wrong-project", "The interaction belongs to another project",
                item.Problems[0].Detail, item.Problems);
        }

        var valid = request.Items.Where(i => i.IsValid).Select(i => i.Value!).ToList();
        IReadOnlyList<AppendStatus> statuses = [];
        if (valid.Count > 0)
        {
            if (!queue.TryEnqueue(valid, out var committed))
            {
                context.Response.Headers.RetryAfter = "1";
                return Problems.Create(StatusCodes.Status503ServiceUnavailable, "overloaded", "Assay is overloaded",
                    "too many interactions are waiting to be committed; nothing of this request was stored; retry after a second");
            }

            try
            {
                statuses = await committed;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                context.Response.Headers.RetryAfter = "5";
                return Problems.Create(StatusCodes.Status503ServiceUnavailable, "store-unavailable", "The store could not commit",
                    "nothing of this request was stored: " + e.Message);
            }
        }

        return request.IsBulk ? BulkResult(request, statuses) : SingleResult(request.Items[0], statuses[0]);
    }

    private static IResult SingleResult(IngestItem item, AppendStatus status) => status switch
    {
        AppendStatus.Accepted => TypedResults.Json(new IngestResult(item.Id!, "accepted"), statusCode: StatusCodes.Status202Accepted),
        AppendStatus.Duplicate => TypedResults.Json(new IngestResult(item.Id!, "duplicate"), statusCode: StatusCodes.Status200OK),
        _ => Problems.Create(StatusCodes.Status409Conflict, "id-conflict", "The id is taken by different content",
            $"an interaction with id '{item.Id}' is already stored with different content; ids are idempotency keys",
            [new IngestProblem("/id", "is already stored with different content")]),
    };

    private static IResult BulkResult(IngestRequest request, IReadOnlyList<AppendStatus> statuses)
    {
        var results = new List<BulkItemResult>(request.Items.Count);
        var next = 0;
        int accepted = 0, duplicate = 0, rejected = 0, conflict = 0;
        foreach (var item in request.Items)
        {
            if (!item.IsValid)
            {
                rejected++;
                results.Add(new BulkItemResult(item.Index, item.Line, item.Id, "rejected", item.Problems.Select(p => new Problems.ErrorEntry(p.Pointer, p.Detail)).ToList()));
                continue;
            }

            var status = statuses[next++];
            var text = status switch { AppendStatus.Accepted => "accepted", AppendStatus.Duplicate => "duplicate", _ => "conflict" };
            _ = status switch { AppendStatus.Accepted => accepted++, AppendStatus.Duplicate => duplicate++, _ => conflict++ };
            var errors = status == AppendStatus.Conflict ? new List<Problems.ErrorEntry> { new("/id", "is already stored with different content") } : null;
            results.Add(new BulkItemResult(item.Index, item.Line, item.Id, text, errors));
        }

        var summary = new BulkIngestResult(accepted, duplicate, rejected, conflict, results);
        if (accepted + duplicate > 0)
            return TypedResults.Json(summary, statusCode: StatusCodes.Status202Accepted);
        var extra = new Dictionary<string, object?> { ["accepted"] = 0, ["duplicate"] = 0, ["rejected"] = rejected, ["conflict"] = conflict, ["results"] = results };
        return rejected > 0
            ? Problems.Create(StatusCodes.Status400BadRequest, "invalid-interactions", "No interaction of the request is valid", $"{rejected} rejected, {conflict} in conflict; nothing was stored", extra: extra)
            : Problems.Create(StatusCodes.Status409Conflict, "id-conflict", "Every id is taken by different content", $"{conflict} in conflict; nothing was stored", extra: extra);
    }
}
