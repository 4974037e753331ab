using System.Collections.Frozen;

namespace Assay.Detection.Text;

/// <summary>Splits text into sentences, keeping each sentence's UTF-16 offsets into the text.</summary>
/// <remarks>
/// <para>
/// A sentence ends at a line break, or at a run of '.', '!', '?' or '…' (with any closing quotes and
/// brackets after it) that is followed by white space or the end of the text. So "e.g.," "example.com",
/// "my_list.reverse()" and the decimal "3.14" never end a sentence. A '.' does not end one either when:
/// the word before it is a title ("Dr.", "Mr.", "Prof."), an inline abbreviation ("e.g.", "i.e.", "vs.",
/// "approx.", "cf.", "no.") or a single letter (an initial: "H. Lindqvist"); the next word starts in
/// lower case (an abbreviation not in the lists); or it follows a list number at the start of a line ("1.").
/// "etc.", "Inc.", "U.S." and the like end a sentence only when the next word is capitalised, and so does
/// an ellipsis ("wait... what" is one sentence). '!' and '?' always end one.
/// </para>
/// <para>
/// Sentences are trimmed of surrounding white space and empty ones skipped. Known limits: an initial at the
/// end of a sentence ("vitamin C. Then") is taken for an initial, and a hard-wrapped paragraph splits at each
/// line break. Pure and allocation-free apart from the output list.
/// </para>
/// </remarks>
internal static class SentenceSplitter
{
    private static readonly FrozenSet<string> s_neverFinal = new[]
    {
        "mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "mt", "gen", "col", "capt", "lt", "rev", "hon", "messrs",
        "e.g", "i.e", "cf", "vs", "viz", "approx", "ca", "incl", "esp", "fig", "figs", "no", "nos", "vol", "pp",
        "eq", "ref", "sec", "ch", "ed", "al",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> s_finalIfCapitalised = new[]
    {
        "etc", "inc", "ltd", "co", "corp", "llc", "plc", "u.s", "u.k", "e.u", "a.m", "p.m", "jan", "feb", "mar",
        "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public static List<TextSpan> Split(string text)
    {
        var sentences = new List<TextSpan>();
        Split(text, sentences);
        return sentences;
    }

    public static void Split(string text, List<TextSpan> into)
    {
        var start = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is '\n' or '\r' or '\u2028' or '\u2029')
            {
                Emit(text, start, i, into);
                start = ++i;
            }
            else if (c is '.' or '!' or '?' or '…')
            {
                var end = EndOfRun(text, i);
                if (IsBoundary(text, start, i, end))
                {
                    Emit(text, start, end, into);
                    start = end;
                }

                i = end;
            }
            else
            {
                i++;
            }
        }

        Emit(text, start, text.Length, into);
    }

    private static int EndOfRun(string text, int i)
    {
        while (i < text.Length && text[i] is '.' or '!' or '?' or '…')
            i++;
        while (i < text.Length && text[i] is '"' or '\'' or ')' or ']' or '”' or '’' or '»')
            i++;

        return i;
    }

    private static bool IsBoundary(string text, int sentenceStart, int runStart, int runEnd)
    {
        if (runEnd < text.Length && !char.IsWhiteSpace(text[runEnd]))
            return false;

        var next = NextNonSpace(text, runEnd);
        if (next < 0)
            return true;

        var run = text.AsSpan(runStart, runEnd - runStart);
        if (run.ContainsAny('!', '?'))
            return true;

        var nextIsUpper = char.IsUpper(text[next]) || !char.IsLetter(text[next]);
        if (run.Contains('…') || run.StartsWith(".."))
            return nextIsUpper;

        var wordStart = runStart;
        while (wordStart > sentenceStart && (char.IsLetter(text[wordStart - 1]) || (text[wordStart - 1] == '.' && wordStart - 1 > sentenceStart && char.IsLetter(text[wordStart - 2]))))
            wordStart--;

        var word = text.AsSpan(wordStart, runStart - wordStart);
        if (word.Length == 1 && char.IsUpper(word[0]))
            return false;

        var lookup = s_neverFinal.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.Contains(word))
            return false;
        if (s_finalIfCapitalised.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word))
            return char.IsUpper(text[next]);
        if (IsListNumber(text, sentenceStart, runStart))
            return false;

        return !char.IsLower(text[next]);
    }

    private static bool IsListNumber(string text, int sentenceStart, int runStart)
    {
        var i = runStart;
        while (i > sentenceStart && char.IsDigit(text[i - 1]))
            i--;

        return i < runStart && text.AsSpan(sentenceStart, i - sentenceStart).IsWhiteSpace();
    }

    private static int NextNonSpace(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
            i++;

        return i < text.Length ? i : -1;
    }

    private static void Emit(string text, int start, int end, List<TextSpan> into)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
            start++;
        while (end > start && char.IsWhiteSpace(text[end - 1]))
            end--;
        if (end > start)
            into.Add(new TextSpan(start, end));
    }
}
