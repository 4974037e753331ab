using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Assay.Server.Ui;

/// <summary>Writes errors under <c>/ui</c> (no route, wrong method, bad request, server error) as HTML pages, never as problem JSON.</summary>
/// <remarks>
/// Registered before the default problem-details writer, so status-code pages and the exception handler reach it first;
/// everything outside <c>/ui</c> still gets RFC 7807 problems. The detail is encoded like all page text.
/// </remarks>
internal sealed class UiErrorPage : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) =>
        context.HttpContext.Request.Path.StartsWithSegments("/ui", StringComparison.OrdinalIgnoreCase) && !context.HttpContext.Response.HasStarted;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var status = context.ProblemDetails.Status ?? http.Response.StatusCode;
        var (title, text) = status switch
        {
            StatusCodes.Status404NotFound => ("Not found", "There is no such page."),
            StatusCodes.Status405MethodNotAllowed => ("Not a page", "This address only accepts a submitted form; it cannot be opened as a page."),
            StatusCodes.Status400BadRequest => ("Bad request", context.ProblemDetails.Detail ?? "The request could not be read."),
            >= 500 => ("Server error", "Something went wrong on the server; it has been logged. Try again, or go back to the queue."),
            _ => (context.ProblemDetails.Title ?? "Error", context.ProblemDetails.Detail ?? "The request could not be served."),
        };
        var frame = UiResponse.Frame(http, http.RequestServices.GetRequiredService<IAntiforgery>());
        http.Response.StatusCode = status;
        return new(UiResponse.Html(http, frame, MessagePage.Render(frame, title, text), status).ExecuteAsync(http));
    }
}
