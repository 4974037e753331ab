using System.Text.Json;

namespace Assay.Json;

/// <summary>Describes malformed JSON in one form for every problem: a one-based line and byte, then a plain reason.</summary>
/// <remarks>
/// System.Text.Json counts lines and bytes from zero and appends them, with the path, to its message ("… LineNumber: 0 |
/// BytePositionInLine: 7."); the position is given once here, counted from one, and that tail is dropped.
/// </remarks>
public static class JsonSyntaxError
{
    /// <summary>"malformed JSON at line 1, byte 8: 'x' is an invalid start of a value".</summary>
    /// <param name="line">The one-based line of the text in its body, when the text is one line of it (NDJSON); otherwise the exception's own line.</param>
    public static string Describe(JsonException exception, int? line = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var reason = Reason(exception.Message);
        if (exception.BytePositionInLine is not { } bytes)
            return $"malformed JSON: {reason}";
        var at = line ?? (int)((exception.LineNumber ?? 0) + 1);
        return $"malformed JSON at line {at}, byte {bytes + 1}: {reason}";
    }

    /// <summary>The exception's message without the position and path that System.Text.Json appends.</summary>
    public static string Reason(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var tail in (ReadOnlySpan<string>)[" Path:", " LineNumber:"])
        {
            var cut = message.IndexOf(tail, StringComparison.Ordinal);
            if (cut >= 0)
                message = message[..cut];
        }

        return message.TrimEnd('.', ' ', '|');
    }
}
