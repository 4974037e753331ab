using System.IO.Compression;
using Assay.Otlp;
using Assay.Otlp.Proto;
using Assay.Server.Auth;
using Assay.Server.Http;
using Assay.Server.Ingest;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace Assay.Server.Otlp;

/// <summary>OTLP/HTTP: <c>POST /v1/traces</c> and <c>POST /v1/logs</c>, protobuf or JSON, optionally gzip-compressed.</summary>
/// <remarks>
/// A success is 200 with OTLP's export answer in the request's encoding, carrying a partial success (how many were
/// rejected and why) when some spans or records could not become interactions. Every refusal is a problem, as on native
/// ingest; overload is 503 with Retry-After, which OTLP exporters retry.
/// </remarks>
internal static class OtlpHttpEndpoints
{
    public static void MapOtlpHttp(this IEndpointRouteBuilder routes)
    {
        Describe(routes.MapPost("/v1/traces", TracesAsync).WithName("OtlpTraces").WithSummary("Receive OTLP/HTTP traces; GenAI inference spans become interactions"));
        Describe(routes.MapPost("/v1/logs", LogsAsync).WithName("OtlpLogs").WithSummary("Receive OTLP/HTTP logs; GenAI events are joined to their spans"));
    }

    /// <summary><c>GET /v1/otlp/status</c>: what OTLP ingest received, and a warning when spans came without content.</summary>
    public static void MapOtlpStatus(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/v1/otlp/status", (OtlpReceiver receiver, OtlpStatus status) =>
        {
            receiver.Sweep();
            return TypedResults.Ok(status.Snapshot(receiver.Translator.Join.Waiting));
        }).WithName("OtlpStatus").WithSummary("Counts of OTLP ingest since start, with a warning when spans arrived without message content");

    private static void Describe(RouteHandlerBuilder endpoint) => endpoint
        .AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/x-protobuf"] = new(), ["application/json"] = new() },
            };
            return Task.CompletedTask;
        })
        .Produces(StatusCodes.Status200OK, contentType: "application/x-protobuf")
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    private static Task<IResult> TracesAsync(HttpContext context, OtlpReceiver receiver, BodyBudget budget, AssayServerOptions options) =>
        ExportAsync(context, receiver, budget, options,
            (body, json, scope) => receiver.Translator.Traces((json ? OtlpJson.Traces(body) : ExportTraceServiceRequest.Parser.ParseFrom(body)).ResourceSpans, scope),
            outcome => new ExportTraceServiceResponse { PartialSuccess = outcome.Rejected == 0 ? null : new ExportTracePartialSuccess { RejectedSpans = outcome.Rejected, ErrorMessage = outcome.Message } });

    private static Task<IResult> LogsAsync(HttpContext context, OtlpReceiver receiver, BodyBudget budget, AssayServerOptions options) =>
        ExportAsync(context, receiver, budget, options,
            (body, json, scope) => receiver.Translator.Logs((json ? OtlpJson.Logs(body) : ExportLogsServiceRequest.Parser.ParseFrom(body)).ResourceLogs, scope),
            outcome => new ExportLogsServiceResponse { PartialSuccess = outcome.Rejected == 0 ? null : new ExportLogsPartialSuccess { RejectedLogRecords = outcome.Rejected, ErrorMessage = outcome.Message } });

    private delegate OtlpBatch Translate(ReadOnlySpan<byte> body, bool json, string scope);

    private static async Task<IResult> ExportAsync(HttpContext context, OtlpReceiver receiver, BodyBudget budget, AssayServerOptions options, Translate translate, Func<OtlpOutcome, IMessage> answer)
    {
        var request = context.Request;
        if (!TryFormat(request.ContentType, out var json, out var why))
            return Refused(StatusCodes.Status415UnsupportedMediaType, why, HeaderNames.ContentType);
        var encoding = request.Headers.ContentEncoding.ToString();
        var gzip = encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase);
        if (!gzip && encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
            return Refused(StatusCodes.Status415UnsupportedMediaType, $"Content-Encoding '{encoding}' is not supported; send gzip or no encoding", HeaderNames.ContentEncoding);
        var limit = options.Limits.MaxBodyBytes;
        if (request.ContentLength > limit)
            return Refused(StatusCodes.Status413PayloadTooLarge, $"the body is {request.ContentLength} bytes; the limit is {limit}", HeaderNames.ContentLength);

        var caller = Caller.From(context);
        var holder = caller is { KeyId.Length: > 0 } key ? "key:" + key.KeyId : "address:" + context.Connection.RemoteIpAddress;
        var body = await RequestBody.ReadStreamAsync(request.Body, request.ContentLength, limit, budget, holder, context.RequestAborted);
        if (body.Buffer is not null && gzip)
            body = await Decompress(body, limit, budget, holder, context.RequestAborted);
        if (body.Buffer is null)
        {
            if (body.Status == StatusCodes.Status503ServiceUnavailable)
                context.Response.Headers.RetryAfter = "1";
            return Refused(body.Status, body.Problem!, body.Header);
        }

        OtlpBatch batch;
        try
        {
            batch = translate(body.Buffer.AsSpan(0, body.Length), json, (caller ?? Caller.Anonymous).Project);
        }
        catch (Exception e) when (e is FormatException or InvalidProtocolBufferException)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid-body", "The request body is not a valid OTLP export request",
                (json ? "not OTLP/JSON: " : "not an OTLP protobuf message: ") + e.Message);
        }
        finally
        {
            RequestBody.Release(body, budget);
        }

        var outcome = await receiver.ReceiveAsync(batch, caller ?? Caller.Anonymous, context.RequestAborted);
        switch (outcome.Answer)
        {
            case OtlpAnswer.WrongProject:
                return Problems.Create(StatusCodes.Status403Forbidden, "wrong-project", "The telemetry belongs to another project", outcome.Message);
            case OtlpAnswer.Overloaded:
                context.Response.Headers.RetryAfter = "1";
                return Problems.Create(StatusCodes.Status503ServiceUnavailable, "overloaded", "Assay is overloaded", outcome.Message);
            case OtlpAnswer.StoreFailed:
                context.Response.Headers.RetryAfter = "5";
                return Problems.Create(StatusCodes.Status503ServiceUnavailable, "store-unavailable", "The store could not commit", outcome.Message);
        }

        var message = answer(outcome);
        return json
            ? Results.Text(JsonFormatter.Default.Format(message), "application/json", statusCode: StatusCodes.Status200OK)
            : Results.Bytes(message.ToByteArray(), "application/x-protobuf");
    }

    /// <summary>Inflates a gzip body within the same limit and budget as a plain one: a small bomb cannot inflate past it.</summary>
    private static async Task<RequestBody.Outcome> Decompress(RequestBody.Outcome compressed, long limit, BodyBudget budget, string holder, CancellationToken cancellationToken)
    {
        try
        {
            using var input = new MemoryStream(compressed.Buffer!, 0, compressed.Length, writable: false);
            await using var gzip = new GZipStream(input, CompressionMode.Decompress);
            return await RequestBody.ReadStreamAsync(gzip, null, limit, budget, holder, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            return new RequestBody.Outcome(default, null, 0, 0, "", StatusCodes.Status400BadRequest, "the body is not valid gzip: " + e.Message, HeaderNames.ContentEncoding);
        }
        finally
        {
            RequestBody.Release(compressed, budget);
        }
    }

    private static bool TryFormat(string? contentType, out bool json, out string why)
    {
        json = false;
        why = "Content-Type must be application/x-protobuf or application/json";
        if (string.IsNullOrEmpty(contentType) || !MediaTypeHeaderValue.TryParse(contentType, out var media))
            return false;
        var charset = media.Charset.ToString();
        if (charset.Length > 0 && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            why = $"charset '{charset}' is not supported; bodies are UTF-8";
            return false;
        }

        switch (media.MediaType.ToString().ToLowerInvariant())
        {
            case "application/x-protobuf" or "application/protobuf":
                return true;
            case "application/json":
                json = true;
                return true;
            default:
                why = $"Content-Type '{media.MediaType}' is not supported; use application/x-protobuf or application/json";
                return false;
        }
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Refused(int status, string detail, string? header)
    {
        var extra = header is null ? null : new Dictionary<string, object?> { ["header"] = header };
        return Problems.Create(status, "unreadable-body", "The request body cannot be read", detail, extra: extra);
    }
}
