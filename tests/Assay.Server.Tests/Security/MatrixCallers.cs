using System.Net;
using System.Text.RegularExpressions;
using Assay.Review;
using Assay.Server.Tests.Review;

namespace Assay.Server.Tests.Security;

/// <summary>The matrix's credential kinds, one per column, and a client presenting each to the API (bearer key) or to the UI (cookie session).</summary>
/// <remarks>
/// Revoked and expired keys are global admin keys, so that honouring one by mistake opens every door and shows.
/// A UI session is made per cell by signing in with the column's key; where sign-in is refused (no, malformed, expired
/// or ingest key) the client simply has no session. The revoked column signs in first and revokes afterwards, so it
/// checks that a session dies with its key. No bearer header is sent to the UI: its policies read only the cookie.
/// </remarks>
internal sealed partial class MatrixCallers
{
    public const string OtherProject = "@Q";

    private static readonly Role[] s_roles = [Role.Ingest, Role.Reviewer, Role.Lead, Role.Admin];

    private readonly ReviewAssayServer _server;
    private readonly Dictionary<string, string?> _tokens;
    private readonly Dictionary<string, HttpClient> _api = [];

    private MatrixCallers(ReviewAssayServer server, Dictionary<string, string?> tokens, IReadOnlyList<string> names)
    {
        _server = server;
        _tokens = tokens;
        OtherProjectNames = names;
    }

    /// <summary>The key names of the callers scoped to the other project, as labels and adjudications record them.</summary>
    public IReadOnlyList<string> OtherProjectNames { get; }

    public static IReadOnlyList<string> Columns { get; } =
        ["none", "malformed", "revoked", "expired", .. s_roles.Select(Name), .. s_roles.Select(r => Name(r) + OtherProject)];

    public static async Task<MatrixCallers> CreateAsync(ReviewAssayServer server, string otherProject)
    {
        var tokens = new Dictionary<string, string?> { ["none"] = null, ["malformed"] = "nonsense" };
        var names = new List<string>();
        foreach (var role in s_roles)
        {
            tokens[Name(role)] = await server.KeyAsync(role, ApiKey.AllProjects);
            var name = $"{Name(role)}-of-another-project-{Guid.NewGuid():N}";
            tokens[Name(role) + OtherProject] = await server.KeyAsync(role, otherProject, name);
            names.Add(name);
        }

        tokens["expired"] = (await server.KeyWithIdAsync(Role.Admin, ApiKey.AllProjects, expires: DateTimeOffset.UtcNow.AddHours(-1))).Token;
        var callers = new MatrixCallers(server, tokens, names);
        tokens["revoked"] = await callers.RevokedKeyAsync(afterSignIn: null);
        return callers;
    }

    public bool IsOtherProject(string column) => column.EndsWith(OtherProject, StringComparison.Ordinal);

    public HttpClient Api(string column)
    {
        if (!_api.TryGetValue(column, out var client))
            _api[column] = client = _server.Client(_tokens[column]);
        return client;
    }

    /// <summary>A fresh cookie client, signed in with the column's key where the UI lets it, and an antiforgery token for its forms.</summary>
    public async Task<UiSession> UiAsync(string column)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = _server.Address,
            Timeout = TimeSpan.FromSeconds(30),
        };
        // An antiforgery token is bound to the user it was issued to; sign-in is posted by nobody, so it needs one issued to nobody.
        var anonymous = await CsrfAsync(client);
        if (column == "revoked")
        {
            // The token must be taken while the session lives: a request after revocation ends the session and drops the cookie.
            string? csrf = null;
            var key = await RevokedKeyAsync(async token =>
            {
                await SignInAsync(client, token, anonymous);
                csrf = await CsrfAsync(client);
            });
            return new UiSession(client, csrf!, anonymous, key);
        }

        var presented = _tokens[column];
        if (presented is not null)
            await SignInAsync(client, presented, anonymous);
        return new UiSession(client, await CsrfAsync(client), anonymous, presented);
    }

    /// <summary>Creates a global admin key, lets <paramref name="afterSignIn"/> use it, then revokes it through the API as a global admin.</summary>
    private async Task<string> RevokedKeyAsync(Func<string, Task>? afterSignIn)
    {
        var (token, keyId) = await _server.KeyWithIdAsync(Role.Admin, ApiKey.AllProjects);
        if (afterSignIn is not null)
            await afterSignIn(token);
        using var revoke = await Api(Name(Role.Admin)).DeleteAsync(new Uri($"v1/keys/{keyId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        return token;
    }

    private static async Task SignInAsync(HttpClient client, string key, string csrf)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = key, ["__csrf"] = csrf });
        using var _ = await client.PostAsync(new Uri("ui/signin", UriKind.Relative), form);
    }

    private static async Task<string> CsrfAsync(HttpClient client)
    {
        var page = await client.GetStringAsync(new Uri("ui/", UriKind.Relative));
        var match = CsrfField().Match(page);
        Assert.True(match.Success, "no antiforgery field on /ui/");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    private static string Name(Role role) => role.ToString().ToLowerInvariant();

    [GeneratedRegex("name=\"__csrf\" value=\"([^\"]*)\"")]
    private static partial Regex CsrfField();
}

/// <summary>A cookie client for the UI, the antiforgery tokens its forms need (the session's, and nobody's for signing in), and the key it signed in with (if any).</summary>
internal sealed record UiSession(HttpClient Client, string Csrf, string AnonymousCsrf, string? Key) : IDisposable
{
    public void Dispose() => Client.Dispose();
}
