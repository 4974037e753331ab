using System.Buffers;
using System.Globalization;
using System.Text;

namespace Assay.Detection;

/// <summary>Decides whether a match stands as a whole word in its text.</summary>
/// <remarks>
/// A word character is a letter, a digit, a combining mark or a connector (underscore), by Unicode category,
/// so boundaries work for Greek, Cyrillic, CJK and accented text alike, and surrogate pairs are decoded
/// before classifying. A boundary is only required on a side where the pattern itself begins or ends with a
/// word character: "system prompt:" needs a boundary before "system" but none after the colon.
/// </remarks>
internal static class WordBoundary
{
    /// <summary>Whether <c>text[start..end]</c> is not glued to word characters on its word-character ends.</summary>
    public static bool IsWholeWord(ReadOnlySpan<char> text, int start, int end)
    {
        if (start > 0 && IsWordAt(text, start) && IsWordBefore(text, start))
        {
            return false;
        }

        return end >= text.Length || !IsWordBefore(text, end) || !IsWordAt(text, end);
    }

    /// <summary>Whether the character (or surrogate pair) starting at <paramref name="index"/> is a word character.</summary>
    public static bool IsWordAt(ReadOnlySpan<char> text, int index) =>
        Rune.DecodeFromUtf16(text[index..], out var rune, out _) == OperationStatus.Done && IsWord(rune);

    /// <summary>Whether the character (or surrogate pair) ending just before <paramref name="index"/> is a word character.</summary>
    public static bool IsWordBefore(ReadOnlySpan<char> text, int index) =>
        Rune.DecodeLastFromUtf16(text[..index], out var rune, out _) == OperationStatus.Done && IsWord(rune);

    private static bool IsWord(Rune rune)
    {
        switch (Rune.GetUnicodeCategory(rune))
        {
            case UnicodeCategory.UppercaseLetter:
            case UnicodeCategory.LowercaseLetter:
            case UnicodeCategory.TitlecaseLetter:
            case UnicodeCategory.ModifierLetter:
            case UnicodeCategory.OtherLetter:
            case UnicodeCategory.DecimalDigitNumber:
            case UnicodeCategory.LetterNumber:
            case UnicodeCategory.OtherNumber:
            case UnicodeCategory.NonSpacingMark:
            case UnicodeCategory.SpacingCombiningMark:
            case UnicodeCategory.EnclosingMark:
            case UnicodeCategory.ConnectorPunctuation:
                return true;
            default:
                return false;
        }
    }
}
