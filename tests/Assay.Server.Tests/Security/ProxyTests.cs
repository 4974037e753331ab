using System.Net;
using System.Text.RegularExpressions;
using Assay.Review;
using Microsoft.Extensions.DependencyInjection;

namespace Assay.Server.Tests.Security;

/// <summary>Behind a TLS-terminating proxy (<c>--behind-proxy</c>) the UI's cookies are Secure; without the option the forwarded header is ignored.</summary>
public sealed partial class ProxyTests
{
    /// <summary>A server told that a loopback proxy terminates TLS in front of it.</summary>
    public sealed class ProxiedServer : AssayTestServer
    {
        protected override AssayServerOptions Configure(AssayServerOptions options) => options with { RequireApiKeys = true, BehindProxy = true };
    }

    [Fact]
    public async Task SignIn_forwarded_as_https_sets_secure_cookies_only_when_behind_proxy()
    {
        var proxied = new ProxiedServer();
        var direct = new Review.ReviewAssayServer();
        List<string> behind, notBehind;
        try
        {
            await proxied.InitializeAsync();
            await direct.InitializeAsync();
            behind = await SignInCookiesAsync(proxied);
            notBehind = await SignInCookiesAsync(direct);
        }
        finally
        {
            await proxied.DisposeAsync();
            await direct.DisposeAsync();
        }

        Assert.Contains(behind, c => c.StartsWith("assay_ui=", StringComparison.Ordinal) && c.Contains("secure", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(notBehind, c => c.StartsWith("assay_ui=", StringComparison.Ordinal) && !c.Contains("secure", StringComparison.OrdinalIgnoreCase));
    }

    private static async Task<List<string>> SignInCookiesAsync(AssayTestServer server)
    {
        var store = server.Services.GetRequiredService<Assay.Storage.IReviewStore>();
        var (token, keyId, hash) = ApiKeySecrets.Create();
        await store.CreateKeyAsync(new ApiKey(keyId, "rev", Role.Reviewer, ApiKey.AllProjects, DateTimeOffset.UtcNow, null), hash, CancellationToken.None);
        // Cookies are carried by hand: a Secure cookie would not travel back over this plain-HTTP test connection.
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = server.Address };
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        using var page = await client.GetAsync(new Uri("ui/", UriKind.Relative));
        var csrf = Token().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;
        var antiforgery = page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("ui/signin", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent([new("key", token), new("__csrf", csrf)]),
        };
        request.Headers.Add("Cookie", string.Join("; ", antiforgery));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.TryGetValues("Set-Cookie", out var cookies) ? [.. cookies] : [];
    }

    [GeneratedRegex("name=\"__csrf\" value=\"([^\"]*)\"")]
    private static partial Regex Token();
}
