using System.Net;
using System.Text.RegularExpressions;

namespace Assay.Server.Tests.Security;

/// <summary>The cookies and antiforgery tokens of a browser signed in to the web UI, captured once and then sent by hand.</summary>
/// <remarks>Sign-out does not end a cookie session on the server, so the captured cookie stays usable for the whole run.</remarks>
internal sealed partial record FuzzUiSession(string AnonymousCookie, string AnonymousToken, string Cookie, string Token)
{
    /// <summary>Signs in with <paramref name="key"/> as a browser would: fetch the form, post it, open a page behind the session.</summary>
    public static async Task<FuzzUiSession> SignInAsync(Uri address, string key)
    {
        using var handler = new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        var cookies = new Dictionary<string, string>(StringComparer.Ordinal);

        var (_, anonymousToken) = await GetAsync(client, "ui/", cookies);
        var anonymousCookie = Header(cookies);
        using (var signIn = new HttpRequestMessage(HttpMethod.Post, new Uri("ui/signin", UriKind.Relative)))
        {
            signIn.Content = new FormUrlEncodedContent([new("key", key), new("__csrf", anonymousToken)]);
            signIn.Headers.TryAddWithoutValidation("Cookie", anonymousCookie);
            using var signedIn = await client.SendAsync(signIn);
            Assert.True(signedIn.StatusCode == HttpStatusCode.Redirect, $"sign-in answered {(int)signedIn.StatusCode}");
            Collect(signedIn, cookies);
        }

        var (status, token) = await GetAsync(client, "ui/review", cookies);
        Assert.True(status == HttpStatusCode.OK, $"the review page answered {(int)status} after sign-in");
        return new FuzzUiSession(anonymousCookie, anonymousToken, Header(cookies), token);
    }

    private static async Task<(HttpStatusCode Status, string Token)> GetAsync(HttpClient client, string path, Dictionary<string, string> cookies)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.TryAddWithoutValidation("Cookie", Header(cookies));
        using var response = await client.SendAsync(request);
        Collect(response, cookies);
        var html = await response.Content.ReadAsStringAsync();
        var match = TokenField().Match(html);
        Assert.True(match.Success, $"no antiforgery token on {path}");
        return (response.StatusCode, WebUtility.HtmlDecode(match.Groups[1].Value));
    }

    private static void Collect(HttpResponseMessage response, Dictionary<string, string> cookies)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var values))
            return;
        foreach (var value in values)
        {
            var pair = value.Split(';')[0];
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            cookies[pair[..equals]] = pair[(equals + 1)..];
        }
    }

    private static string Header(Dictionary<string, string> cookies) => string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}"));

    [GeneratedRegex("name=\"__csrf\" value=\"([^\"]*)\"")]
    private static partial Regex TokenField();
}
