using Assay.Review;
using Assay.Server.Auth;
using Assay.Storage;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Assay.Server.Ui;

/// <summary>The web UI's routes under <c>/ui</c>: sign-in, the queue overview and the pages of <see cref="ReviewUiEndpoints"/>.</summary>
internal static class UiEndpoints
{
    public static void MapUi(this IEndpointRouteBuilder routes)
    {
        var ui = routes.MapGroup("/ui").ExcludeFromDescription();
        ui.MapGet("/", HomeAsync);
        ui.MapPost("/signin", SignInAsync);
        ui.MapPost("/signout", SignOutAsync).RequireAuthorization(UiAuthentication.Reviewer);
        ui.MapGet("/denied", (HttpContext context, IAntiforgery antiforgery) =>
        {
            var frame = UiResponse.Frame(context, antiforgery);
            var html = new HtmlBuilder(2048);
            Layout.Begin(html, "Not allowed", frame);
            html.Raw("<h1>Not allowed</h1><p>Your key's role cannot open that page. <a href=\"/ui/\">Back to the queue</a>.</p>");
            Layout.End(html);
            return UiResponse.Html(context, frame, html.ToString(), StatusCodes.Status403Forbidden);
        }).RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder(UiAuthentication.SchemeName).RequireAuthenticatedUser().Build());
        ui.MapReviewPages();
        ui.MapInteractionPages();
        ui.MapGovernancePages();
        ui.MapIncidentPages();
    }

    /// <summary>The queue overview when signed in, the sign-in form otherwise.</summary>
    private static async Task<IResult> HomeAsync(HttpContext context, IAntiforgery antiforgery, IReviewStore store, TimeProvider clock)
    {
        // This page allows anonymous callers, so the cookie is read here rather than by authorization.
        var session = await context.AuthenticateAsync(UiAuthentication.SchemeName);
        if (!session.Succeeded || session.Principal is null)
        {
            var signIn = UiResponse.Frame(context, antiforgery);
            return UiResponse.Html(context, signIn, SignInPage.Render(signIn));
        }

        context.User = session.Principal;
        var caller = Caller.From(context)!;
        var frame = UiResponse.Frame(context, antiforgery);
        if (caller.Role == Role.Ingest)
            return UiResponse.Html(context, frame, SignInPage.Render(frame, "An ingest key cannot review; sign in with a reviewer, lead or admin key."));
        var now = clock.GetUtcNow();
        var overview = await store.OverviewAsync(caller.Project, now, context.RequestAborted);
        var backlog = await store.BacklogAsync(caller.Project, context.RequestAborted);
        return UiResponse.Html(context, frame, OverviewPage.Render(frame, overview, backlog, now));
    }

    /// <summary>Checks the pasted key exactly as the API-key scheme does, then starts a cookie session with the same claims.</summary>
    private static async Task<IResult> SignInAsync(IFormCollection form, HttpContext context, IAntiforgery antiforgery, IReviewStore store, TimeProvider clock)
    {
        var token = form["key"].ToString().Trim();
        ApiKey? key = null;
        if (ApiKeySecrets.TryParse(token, out var keyId, out var secret)
            && await store.FindKeyAsync(keyId, context.RequestAborted) is { } stored
            && ApiKeySecrets.Verify(secret, stored.SecretHash)
            && stored.Key.RevokedAt is null
            && !stored.Key.IsExpired(clock.GetUtcNow()))
        {
            key = stored.Key;
        }

        if (key is null || key.Role == Role.Ingest)
        {
            var frame = UiResponse.Frame(context, antiforgery);
            var error = key is null ? "That key is unknown, revoked or expired." : "An ingest key cannot review; use a reviewer, lead or admin key.";
            return UiResponse.Html(context, frame, SignInPage.Render(frame, error), StatusCodes.Status401Unauthorized);
        }

        await context.SignInAsync(UiAuthentication.SchemeName, Caller.Principal(key, UiAuthentication.SchemeName));
        return Results.Redirect("/ui/");
    }

    private static async Task<IResult> SignOutAsync(IFormCollection form, HttpContext context)
    {
        _ = form; // Binding the form is what makes the antiforgery check apply to this endpoint.
        await context.SignOutAsync(UiAuthentication.SchemeName);
        return Results.Redirect("/ui/");
    }
}
