using System.Net;
using System.Text.Json;

namespace Assay.Server.Tests.Security;

/// <summary>Compares one cell's answer with the table's expectation; returns why it differs, or null.</summary>
/// <remarks>
/// The values: a status code (<c>401</c>, <c>403</c>, <c>404</c>, …); <c>ok</c>, the request got past authorization
/// (2xx, 3xx other than the UI's sign-in or denied redirect, or a 4xx that is not 401, 403 or 404); and for the UI
/// <c>login</c> (redirect to sign in), <c>denied</c> (redirect to /ui/denied) and <c>signin</c> (the sign-in form).
/// API refusals must be problem details, and a 401 for a revoked or expired key must say so.
/// </remarks>
internal static class CellCheck
{
    public static async Task<string?> FailureAsync(string expected, string column, MatrixRow row, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        var location = response.Headers.Location?.OriginalString ?? "";
        var login = status == 302 && location.Contains("ReturnUrl=", StringComparison.Ordinal);
        var denied = status == 302 && location.Contains("/ui/denied", StringComparison.Ordinal);
        var pass = expected switch
        {
            // The UI answers a bad form with a page, not a 4xx, so any 4xx there (such as a refused antiforgery token) is not "ok".
            "ok" => (row.IsUi ? status < 400 : status < 500 && status is not (401 or 403 or 404)) && !login && !denied,
            "login" => login,
            "denied" => denied,
            "signin" => status == 200 && body.Contains("action=\"/ui/signin\"", StringComparison.Ordinal),
            _ => int.TryParse(expected, out var code) ? status == code : throw new FormatException($"{row.Operation}: unknown value '{expected}'"),
        };
        var got = status + (location.Length > 0 ? $" → {location}" : "");
        if (!pass)
            return $"expected {expected}, got {got}: {Clip(body)}";
        if (row.IsUi || status is not (401 or 403 or 404))
            return null;
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            return $"{status} is not application/problem+json but {response.Content.Headers.ContentType}";
        if (status == 401 && column is ("revoked" or "expired"))
        {
            var detail = JsonSerializer.Deserialize<JsonElement>(body).TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "";
            if (!detail.Contains(column, StringComparison.Ordinal))
                return $"401 detail does not say '{column}': {detail}";
        }

        return null;
    }

    public static string Clip(string body) => body.Length <= 200 ? body : body[..200] + "…";
}
