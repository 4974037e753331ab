using System.Globalization;
using System.Text;

namespace Assay.Storage;

/// <summary>
/// The opaque cursor of an interaction page: the last item's time (Unix ms) and sequence, base64url-encoded, the same on
/// every engine. Newest first is ordered by both, so the pair names one place in the order even when times tie.
/// </summary>
public static class InteractionCursor
{
    public static string Encode(long occurredAt, long sequence) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"i{occurredAt}.{sequence}")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The (time, sequence) before which the page starts; null for no cursor.</summary>
    /// <exception cref="ArgumentException">The cursor was not issued by <see cref="Encode"/> (parameter name <c>cursor</c>).</exception>
    public static (long OccurredAt, long Sequence)? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
            return null;
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var text = Encoding.ASCII.GetString(Convert.FromBase64String(base64));
            var dot = text.IndexOf('.', StringComparison.Ordinal);
            if (text.StartsWith('i') && dot > 1
                && long.TryParse(text.AsSpan(1, dot - 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var at)
                && long.TryParse(text.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
                return (at, sequence);
        }
        catch (FormatException)
        {
        }

        throw new ArgumentException("The cursor is not one this server issued.", nameof(cursor));
    }
}
