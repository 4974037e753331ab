namespace Assay.Detection.Text;

/// <summary>Splits text into words and numbers with normalised keys and UTF-16 offsets.</summary>
/// <remarks>
/// <para>
/// A word is a run of letters, digits and combining marks, with apostrophes allowed between letters
/// ("doesn't"); hyphens and underscores split words ("visa-free" → "visa", "free"). Words are case-folded,
/// curly apostrophes read as straight ones, and plurals stripped ("minutes" → "minute", "studies" →
/// "study", "user's" → "user"), a light stemming that is enough for overlap between paraphrases.
/// </para>
/// <para>
/// A number is a run of digits with ',' or '.' between digits: thousands separators are dropped and
/// trailing decimal zeros trimmed ("3,000" → "3000", "15.0" → "15"); the number words zero to twenty and
/// the tens read as their digits. A decimal comma ("1,5") is read as a thousands separator, a known limit.
/// Allocation-free apart from the list the tokens go into.
/// </para>
/// </remarks>
internal static class WordTokenizer
{
    public static void Tokenize(string text, List<WordToken> into) => Tokenize(text, 0, text.Length, into);

    public static void Tokenize(string text, int start, int end, List<WordToken> into)
    {
        var i = start;
        while (i < end)
        {
            var c = text[i];
            if (char.IsDigit(c))
            {
                var j = i + 1;
                while (j < end && (char.IsDigit(text[j]) || (IsNumberSeparator(text[j]) && j + 1 < end && char.IsDigit(text[j + 1]))))
                    j++;

                into.Add(new WordToken(i, j, NumberKey(text.AsSpan(i, j - i)), WordKind.Number));
                i = j;
            }
            else if (char.IsLetter(c))
            {
                var j = i + 1;
                while (j < end && (IsWordChar(text[j]) || (IsApostrophe(text[j]) && j + 1 < end && char.IsLetter(text[j + 1]))))
                    j++;

                into.Add(Word(text.AsSpan(i, j - i), i, j));
                i = j;
            }
            else
            {
                i++;
            }
        }
    }

    /// <summary>Writes the normalised form of <paramref name="token"/> (folded word or normalised number) to <paramref name="into"/>.</summary>
    public static void AppendNormalised(string text, WordToken token, System.Text.StringBuilder into)
    {
        var span = text.AsSpan(token.Start, token.End - token.Start);
        if (char.IsDigit(span[0]))
        {
            into.Append(NumberText(span, stackalloc char[Math.Min(span.Length, 256)]));
            return;
        }

        var fullKey = FoldedKey(span, span.Length);
        if (WordLists.NumberWords.TryGetValue(fullKey, out var digits))
        {
            into.Append(digits);
            return;
        }

        foreach (var c in span)
        {
            into.Append(Fold(c));
        }
    }

    private static WordToken Word(ReadOnlySpan<char> word, int start, int end)
    {
        var fullKey = FoldedKey(word, word.Length);
        if (WordLists.NumberWords.TryGetValue(fullKey, out var digits))
            return new WordToken(start, end, TextKey.Of(digits), WordKind.Number);
        if (WordLists.Negators.Contains(fullKey) || EndsWithNt(word))
            return new WordToken(start, end, fullKey, WordKind.Negation);
        if (WordLists.Stopwords.Contains(fullKey))
            return new WordToken(start, end, fullKey, WordKind.Stopword);

        return new WordToken(start, end, StemmedKey(word), WordKind.Word);
    }

    private static ulong StemmedKey(ReadOnlySpan<char> word)
    {
        var n = word.Length;
        if (n > 2 && IsApostrophe(word[n - 2]) && Fold(word[n - 1]) == 's')
            return FoldedKey(word, n - 2);
        if (n > 4 && EndsWith(word, "ies"))
            return TextKey.Add(FoldedKey(word, n - 3), 'y');
        if (n > 3 && Fold(word[n - 1]) == 's' && !EndsWith(word, "ss") && !EndsWith(word, "us") && !EndsWith(word, "is"))
            return FoldedKey(word, n - 1);

        return FoldedKey(word, n);
    }

    private static ulong FoldedKey(ReadOnlySpan<char> word, int length)
    {
        var hash = TextKey.Seed;
        for (var i = 0; i < length; i++)
        {
            hash = TextKey.Add(hash, Fold(word[i]));
        }

        return hash;
    }

    private static ulong NumberKey(ReadOnlySpan<char> number) =>
        TextKey.Of(NumberText(number, stackalloc char[Math.Min(number.Length, 256)]));

    private static ReadOnlySpan<char> NumberText(ReadOnlySpan<char> number, Span<char> buffer)
    {
        var n = 0;
        var hasPoint = false;
        foreach (var c in number)
        {
            if (c == ',' || n == buffer.Length)
                continue;

            hasPoint |= c == '.';
            buffer[n++] = c;
        }

        if (hasPoint)
        {
            while (buffer[n - 1] == '0')
                n--;
            if (buffer[n - 1] == '.')
                n--;
        }

        return buffer[..n];
    }

    private static bool EndsWith(ReadOnlySpan<char> word, string suffix)
    {
        if (word.Length < suffix.Length)
            return false;

        for (var i = 0; i < suffix.Length; i++)
        {
            if (Fold(word[word.Length - suffix.Length + i]) != suffix[i])
                return false;
        }

        return true;
    }

    private static bool EndsWithNt(ReadOnlySpan<char> word) =>
        word.Length > 3 && IsApostrophe(word[^2]) && Fold(word[^1]) == 't' && Fold(word[^3]) == 'n';

    private static char Fold(char c) => IsApostrophe(c) ? '\'' : CaseFold.Fold(c);

    private static bool IsWordChar(char c) =>
        char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark
            or System.Globalization.UnicodeCategory.SpacingCombiningMark;

    private static bool IsApostrophe(char c) => c is '\'' or '\u2019';

    private static bool IsNumberSeparator(char c) => c is ',' or '.';
}
