using System.Text.Encodings.Web;
using Assay.Review;
using Assay.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Assay.Server.Auth;

/// <summary>Authenticates <c>Authorization: Bearer assay_…</c> against the stored key hashes; revoked and expired keys fail.</summary>
/// <remarks>
/// Why a key failed is kept on the request (<see cref="FailureItem"/>) so the 401 answer can say it, for example
/// that the key expired; the secret itself is never echoed or logged.
/// </remarks>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IReviewStore store,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    /// <summary>The <see cref="HttpContext.Items"/> entry holding why the presented key was refused.</summary>
    public const string FailureItem = "assay:auth-failure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.NoResult();
        var token = header["Bearer ".Length..].Trim();
        if (!ApiKeySecrets.TryParse(token, out var keyId, out var secret))
            return Fail("the bearer token is not an Assay API key (assay_<id>_<secret>)");
        var found = await store.FindKeyAsync(keyId, Context.RequestAborted);
        if (found is not { } stored || !ApiKeySecrets.Verify(secret, stored.SecretHash))
            return Fail("the API key is unknown");
        var key = stored.Key;
        if (key.RevokedAt is { } revoked)
            return Fail($"the API key {key.KeyId} was revoked at {revoked:yyyy-MM-ddTHH:mm:ssZ}");
        var now = clock.GetUtcNow();
        if (key.IsExpired(now))
            return Fail($"the API key {key.KeyId} expired at {key.ExpiresAt:yyyy-MM-ddTHH:mm:ssZ}; ask an admin for a new one");
        if (key.LastUsedAt is not { } used || now - used >= ApiKey.LastUsedResolution)
            await store.TouchKeyAsync(key.KeyId, now, Context.RequestAborted);
        return AuthenticateResult.Success(new AuthenticationTicket(Caller.Principal(key, SchemeName), SchemeName));
    }

    private AuthenticateResult Fail(string why)
    {
        Context.Items[FailureItem] = why;
        return AuthenticateResult.Fail(why);
    }
}
