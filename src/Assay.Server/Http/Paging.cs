using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Assay.Server.Http;

/// <summary>The query parameters every list endpoint shares: <c>limit</c> (1–1000, default 100) and <c>cursor</c> (the previous page's <c>next</c>).</summary>
/// <remarks>Every list answers <c>{"&lt;items&gt;": [...], "next": cursor}</c>, <c>next</c> absent on the last page (docs/INTERACTIONS.md, "Lists").</remarks>
internal static class Paging
{
    public const int DefaultLimit = 100;

    public const int MaxLimit = 1000;

    /// <summary>Reads <c>limit</c> into <paramref name="size"/>; a problem naming the parameter when it is not a whole number in range.</summary>
    public static ProblemHttpResult? Limit(string? text, out int size)
    {
        size = DefaultLimit;
        return text is null || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out size) && size is >= 1 and <= MaxLimit)
            ? null
            : Problems.Parameter("limit", $"must be a whole number from 1 to {MaxLimit}");
    }

    /// <summary>Reads a cursor made of <paramref name="prefix"/> and a number (<see cref="NumberCursor(char, long)"/>); null when absent.</summary>
    public static ProblemHttpResult? NumberCursor(string? text, char prefix, out long? value)
    {
        value = null;
        if (text is null)
            return null;
        if (text.Length > 1 && text[0] == prefix && long.TryParse(text.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            value = number;
            return null;
        }

        return BadCursor();
    }

    public static string NumberCursor(char prefix, long value) => prefix + value.ToString(CultureInfo.InvariantCulture);

    public static ProblemHttpResult BadCursor() => Problems.Parameter("cursor", "is not a cursor this server issued");

    /// <summary>A problem naming the first query parameter not in <paramref name="known"/>, or null.</summary>
    public static ProblemHttpResult? Unknown(IQueryCollection query, params string[] known)
    {
        ArgumentNullException.ThrowIfNull(query);
        foreach (var key in query.Keys)
        {
            if (!known.Contains(key, StringComparer.Ordinal))
                return Problems.Parameter(key, $"is not a known parameter ({string.Join(", ", known)})");
        }

        return null;
    }
}
