using System.Text;

namespace Assay.Monitoring;

/// <summary>Finds the Unicode script most of a text's letters are written in: a cheap proxy for its language.</summary>
/// <remarks>
/// Only letters count, so digits, punctuation and emoji do not sway the answer. Hiragana and Katakana count as
/// <c>Kana</c>, so Japanese text mixing Kana and Han reports whichever it uses more. Text without letters is <c>None</c>.
/// </remarks>
public static class DominantScript
{
    private static readonly (int First, int Last, string Script)[] s_ranges =
    [
        (0x0041, 0x024F, "Latin"), (0x1E00, 0x1EFF, "Latin"), (0x0370, 0x03FF, "Greek"), (0x1F00, 0x1FFF, "Greek"),
        (0x0400, 0x052F, "Cyrillic"), (0x0530, 0x058F, "Armenian"), (0x0590, 0x05FF, "Hebrew"), (0x0600, 0x06FF, "Arabic"),
        (0x0750, 0x077F, "Arabic"), (0x0900, 0x097F, "Devanagari"), (0x0980, 0x09FF, "Bengali"), (0x0E00, 0x0E7F, "Thai"),
        (0x10A0, 0x10FF, "Georgian"), (0x1100, 0x11FF, "Hangul"), (0x3040, 0x30FF, "Kana"), (0x3400, 0x4DBF, "Han"),
        (0x4E00, 0x9FFF, "Han"), (0xAC00, 0xD7AF, "Hangul"), (0x20000, 0x2FA1F, "Han"),
    ];

    /// <summary>The dominant script's name, <c>Other</c> for letters outside the table, or <c>None</c>.</summary>
    public static string Of(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return "None";
        Span<int> counts = stackalloc int[s_ranges.Length + 1];
        var letters = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (!Rune.IsLetter(rune))
                continue;
            letters++;
            counts[Find(rune.Value)]++;
        }

        if (letters == 0)
            return "None";
        // Some scripts span several ranges, so the counts are summed by name before the largest is taken.
        var best = "Other";
        var bestCount = counts[s_ranges.Length];
        for (var i = 0; i < s_ranges.Length; i++)
        {
            var total = 0;
            for (var j = 0; j < s_ranges.Length; j++)
            {
                if (s_ranges[j].Script == s_ranges[i].Script)
                    total += counts[j];
            }

            if (total > bestCount)
                (best, bestCount) = (s_ranges[i].Script, total);
        }

        return best;
    }

    private static int Find(int codePoint)
    {
        for (var i = 0; i < s_ranges.Length; i++)
        {
            if (codePoint >= s_ranges[i].First && codePoint <= s_ranges[i].Last)
                return i;
        }

        return s_ranges.Length;
    }
}
