using System.Globalization;
using System.Text;

namespace Assay.Storage;

/// <summary>The opaque cursor of a audit page: the last entry sequence number, base64url-encoded, the same on every engine.</summary>
public static class AuditCursor
{
    public static string Encode(long seq) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes("a" + seq.ToString(CultureInfo.InvariantCulture))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The sequence number after which the page starts; 0 for no cursor.</summary>
    /// <exception cref="ArgumentException">The cursor was not issued by <see cref="Encode"/> (parameter name <c>cursor</c>).</exception>
    public static long Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
            return 0;
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var text = Encoding.ASCII.GetString(Convert.FromBase64String(base64));
            if (text.StartsWith('a') && long.TryParse(text.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                return id;
        }
        catch (FormatException)
        {
        }

        throw new ArgumentException("The cursor is not one this server issued.", nameof(cursor));
    }
}
