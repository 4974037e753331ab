using Assay.Domain;

namespace Assay.Storage;

/// <summary>What the text search of an interaction reads: its input messages, response and reasoning, as each engine indexes them.</summary>
public static class SearchText
{
    /// <summary>
    /// The longest text indexed per field. PostgreSQL refuses a <c>tsvector</c> over 1 MB, and an ingest must never fail
    /// for its search index, so both engines index the first this many characters of each field.
    /// </summary>
    public const int MaxFieldLength = 32_768;

    /// <summary>The input messages' contents, one per line.</summary>
    public static string Input(Interaction interaction) => Cap(string.Join('\n', interaction.Input.Select(m => m.Content)));

    public static string Response(Interaction interaction) => Cap(interaction.Response);

    public static string Reasoning(Interaction interaction) => Cap(interaction.Reasoning ?? "");

    /// <summary>
    /// The words of a user's search, each a run of characters without white space that holds a letter or digit; anything
    /// else (quotes, operators, lone punctuation) is not a word. Both engines match interactions holding every word.
    /// </summary>
    public static IReadOnlyList<string> Words(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Where(w => w.Any(char.IsLetterOrDigit)).ToList();

    // NUL is refused by PostgreSQL text and means nothing to a search; a cut never splits a surrogate pair.
    private static string Cap(string text)
    {
        if (text.Length > MaxFieldLength)
            text = text[..(char.IsHighSurrogate(text[MaxFieldLength - 1]) ? MaxFieldLength - 1 : MaxFieldLength)];
        return text.Contains('\0', StringComparison.Ordinal) ? text.Replace('\0', ' ') : text;
    }
}
