using System.Globalization;

namespace Assay.Ingest;

/// <summary>Parses RFC 3339 date-times: a date, a time and an explicit offset (<c>Z</c> or <c>±hh:mm</c>), never a local time.</summary>
public static class Rfc3339
{
    /// <summary>Parses <paramref name="text"/>; the result is in UTC.</summary>
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (text is null || text.Length < 20 || text[10] is not ('T' or 't')
            || !(text.EndsWith('Z') || text.EndsWith('z') || text[^6] is '+' or '-')
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            return false;
        value = parsed.ToUniversalTime();
        return true;
    }
}
