using System.Text.Json;
using Assay.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Assay.Server.Http;

/// <summary>Answers a <see cref="BadHttpRequestException"/> (a body Kestrel cannot frame, a body too slow or too large, an
/// unbindable parameter) with a problem carrying the exception's own status instead of a 500.</summary>
/// <remarks>
/// Runs inside <c>UseExceptionHandler</c>, so it covers every endpoint and middleware, and only when nothing of the response
/// has been sent. It cannot reach Kestrel's connection-level rejections (a malformed request line or header, 414 URI too long,
/// 431 headers too large, bad Content-Length/Transfer-Encoding framing): in .NET 10 Kestrel writes those itself, with an
/// empty body, before a request exists for any middleware to see, and offers no hook to change that answer.
/// </remarks>
internal sealed class BadRequestExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is IOException { InnerException: OverflowException })
        {
            // Kestrel reports a chunk size too large for 64 bits this way rather than as a bad request.
            await Problems.Create(StatusCodes.Status400BadRequest, "bad-request", Title(StatusCodes.Status400BadRequest),
                "the server could not read the request: a chunk size of the body is too large").ExecuteAsync(httpContext);
            return true;
        }

        if (exception is not BadHttpRequestException bad)
            return false;
        var result = Problems.Create(bad.StatusCode, "bad-request", Title(bad.StatusCode), Detail(bad));
        await result.ExecuteAsync(httpContext);
        return true;
    }

    private static string Title(int status) => status switch
    {
        StatusCodes.Status408RequestTimeout => "The request arrived too slowly",
        StatusCodes.Status413PayloadTooLarge => "The request is too large",
        StatusCodes.Status431RequestHeaderFieldsTooLarge => "The request headers are too large",
        _ => "The request cannot be read",
    };

    private static string Detail(BadHttpRequestException bad)
    {
        var detail = "the server could not read the request: " + bad.Message.TrimEnd('.', ' ');
        // Framework binding wraps the reason (e.g. a duplicate property) in a JsonException; it is the useful part.
        return bad.InnerException is JsonException json ? $"{detail}: {JsonSyntaxError.Describe(json)}" : detail;
    }
}
