using Assay.Server.Auth;
using Assay.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Assay.Server.Ui;

/// <summary>The web UI's session: a cookie scheme beside the API-key scheme, the role policies that use it, and antiforgery.</summary>
/// <remarks>
/// The API stays on API keys (the default scheme), so a browser's cookie can never authorize an API call;
/// only <c>/ui</c> endpoints read the cookie, and every form there carries an antiforgery token.
/// </remarks>
internal static class UiAuthentication
{
    public const string SchemeName = "AssayCookie";

    public static AuthorizationPolicy Reviewer { get; } =
        new AuthorizationPolicyBuilder(SchemeName).RequireRole("reviewer", "lead", "admin").Build();

    public static AuthorizationPolicy Lead { get; } =
        new AuthorizationPolicyBuilder(SchemeName).RequireRole("lead", "admin").Build();

    public static AuthorizationPolicy Admin { get; } =
        new AuthorizationPolicyBuilder(SchemeName).RequireRole("admin").Build();

    public static IServiceCollection AddUi(this IServiceCollection services)
    {
        services.AddAuthentication().AddCookie(SchemeName, options =>
        {
            options.Cookie.Name = "assay_ui";
            options.Cookie.Path = "/ui";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.LoginPath = "/ui/";
            options.AccessDeniedPath = "/ui/denied";
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
            options.Events.OnValidatePrincipal = RejectRevokedAsync;
        });
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "assay_csrf";
            options.Cookie.Path = "/ui";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.FormFieldName = "__csrf";
        });
        return services;
    }

    /// <summary>Ends a session whose key was revoked or expired after sign-in, so either takes effect at once.</summary>
    private static async Task RejectRevokedAsync(CookieValidatePrincipalContext context)
    {
        var keyId = context.Principal?.FindFirst(Caller.KeyIdClaim)?.Value;
        var store = context.HttpContext.RequestServices.GetRequiredService<IReviewStore>();
        var found = keyId is null ? null : await store.FindKeyAsync(keyId, context.HttpContext.RequestAborted);
        var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        if (found is not { } stored || stored.Key.RevokedAt is not null || stored.Key.IsExpired(now))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(SchemeName);
        }
    }
}
