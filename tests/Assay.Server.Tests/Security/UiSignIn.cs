using System.Net;
using System.Text.RegularExpressions;

namespace Assay.Server.Tests.Security;

/// <summary>A browser-like HTTP client signed in to the web UI with an API key (cookies and antiforgery, no JavaScript).</summary>
internal static partial class UiSignIn
{
    public static async Task<HttpClient> SignInAsync(Uri address, string token)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(30),
        };
        var page = await client.GetStringAsync(new Uri("ui/", UriKind.Relative));
        var csrf = Token().Match(page);
        Assert.True(csrf.Success, "the sign-in page has no antiforgery field");
        using var form = new FormUrlEncodedContent([new("key", token), new("__csrf", csrf.Groups[1].Value)]);
        using var signedIn = await client.PostAsync(new Uri("ui/signin", UriKind.Relative), form);
        Assert.True(signedIn.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther or HttpStatusCode.Found, $"sign-in answered {(int)signedIn.StatusCode}");
        return client;
    }

    [GeneratedRegex("name=\"__csrf\" value=\"([^\"]*)\"")]
    private static partial Regex Token();
}
