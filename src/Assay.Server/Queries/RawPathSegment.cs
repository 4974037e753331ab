using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Assay.Server.Queries;

/// <summary>The last segment of the request's path, percent-decoded exactly once from the raw request target.</summary>
/// <remarks>
/// ASP.NET decodes the path except <c>%2F</c>, so <c>a%2Fb</c> (id <c>a/b</c>) and <c>a%252Fb</c> (id <c>a%2Fb</c>)
/// would reach a route as the same value. Decoding the raw target once, to bytes and then strict UTF-8, keeps them apart.
/// </remarks>
internal static class RawPathSegment
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes the last segment; <paramref name="fallback"/> is used when the server gives no raw target.</summary>
    /// <returns>False, with <paramref name="error"/> saying why, when the segment is not valid once decoded.</returns>
    public static bool TryDecodeLast(HttpContext context, string fallback, out string value, out string error)
    {
        value = fallback;
        error = "";
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw))
            return true;
        var path = raw.AsSpan();
        var end = path.IndexOfAny('?', '#');
        if (end >= 0)
            path = path[..end];
        if (!path.StartsWith('/'))
        {
            // Absolute form (GET http://host/v1/...): the path starts at the first slash after the authority.
            var authority = path.IndexOf("://", StringComparison.Ordinal);
            var slash = authority < 0 ? -1 : path[(authority + 3)..].IndexOf('/');
            if (slash < 0)
                return true;
            path = path[(authority + 3 + slash)..];
        }

        if (path.Length > 1 && path.EndsWith('/'))
            path = path[..^1];
        var bytes = Encoding.UTF8.GetBytes(path[(path.LastIndexOf('/') + 1)..].ToString());
        var length = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != (byte)'%')
            {
                bytes[length++] = bytes[i];
                continue;
            }

            if (i + 2 >= bytes.Length || !IsHex(bytes[i + 1]) || !IsHex(bytes[i + 2]))
            {
                error = "has a '%' that is not followed by two hex digits";
                return false;
            }

            bytes[length++] = (byte)((Hex(bytes[i + 1]) << 4) | Hex(bytes[i + 2]));
            i += 2;
        }

        try
        {
            value = s_strictUtf8.GetString(bytes, 0, length);
            return true;
        }
        catch (DecoderFallbackException)
        {
            error = "is not valid UTF-8 once percent-decoded";
            return false;
        }
    }

    private static bool IsHex(byte b) => char.IsAsciiHexDigit((char)b);

    private static int Hex(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
