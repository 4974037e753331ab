using System.Text.Encodings.Web;
using Assay.Review;
using Assay.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Assay.Server.Auth;

/// <summary>Authenticates <c>Authorization: Bearer assay_…</c> against the stored key hashes; revoked keys fail.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IReviewStore store) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.NoResult();
        var token = header["Bearer ".Length..].Trim();
        if (!ApiKeySecrets.TryParse(token, out var keyId, out var secret))
            return AuthenticateResult.Fail("The bearer token is not an Assay API key.");
        var found = await store.FindKeyAsync(keyId, Context.RequestAborted);
        if (found is not { } stored || !ApiKeySecrets.Verify(secret, stored.SecretHash))
            return AuthenticateResult.Fail("Unknown API key.");
        if (stored.Key.RevokedAt is not null)
            return AuthenticateResult.Fail("The API key has been revoked.");
        return AuthenticateResult.Success(new AuthenticationTicket(Caller.Principal(stored.Key, SchemeName), SchemeName));
    }
}
