using System.Security.Cryptography;
using System.Text;
using Assay.Server.Auth;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;

namespace Assay.Server.Ui;

/// <summary>Builds a page's frame (nonce, user, antiforgery token) and answers with the HTML under a strict Content-Security-Policy.</summary>
internal static class UiResponse
{
    public static PageFrame Frame(HttpContext context, IAntiforgery antiforgery)
    {
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var tokens = antiforgery.GetAndStoreTokens(context);
        var caller = Caller.From(context);
        return new PageFrame(nonce, caller?.Name, caller?.Role.ToString().ToLowerInvariant(), caller?.IsLead ?? false, tokens.FormFieldName, tokens.RequestToken!);
    }

    /// <summary>The page with headers that keep even a failed encoding inert: no outside request, no foreign script, no framing.</summary>
    public static IResult Html(HttpContext context, PageFrame frame, string html, int status = StatusCodes.Status200OK)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy =
            $"default-src 'none'; style-src 'nonce-{frame.Nonce}'; script-src 'nonce-{frame.Nonce}'; img-src 'none'; " +
            "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }
}
