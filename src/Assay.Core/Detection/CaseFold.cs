namespace Assay.Detection;

/// <summary>The simple, one-char-to-one-char case folding used by case-insensitive matching.</summary>
/// <remarks>
/// <para>
/// A character folds to <c>ToLowerInvariant(ToUpperInvariant(c))</c>, precomputed for the whole Basic
/// Multilingual Plane so that matching never allocates a lower-cased copy of the text. Going through upper
/// case first joins characters that share an upper-case form but not a lower-case one: 'ſ' (long s) with
/// 's', 'ς' (final sigma) with 'σ', 'µ' (micro sign) with 'μ'; the Kelvin sign lowers to 'k' directly.
/// </para>
/// <para>
/// Limitations, by design of a char-to-char fold: full case folding is not done, so "straße" does not
/// match "STRASSE" and 'ﬁ' does not match "fi"; the fold is culture-invariant, so Turkish dotted and
/// dotless i are not treated the Turkish way; surrogate pairs (characters outside the BMP, such as
/// Deseret letters) are compared exactly.
/// </para>
/// </remarks>
internal static class CaseFold
{
    private static readonly char[] s_table = BuildTable();

    /// <summary>Returns the case fold of <paramref name="c"/>.</summary>
    public static char Fold(char c) => s_table[c];

    /// <summary>Returns <paramref name="text"/> with every character folded.</summary>
    public static string Fold(string text) => string.Create(text.Length, text, static (span, source) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = s_table[source[i]];
        }
    });

    private static char[] BuildTable()
    {
        var table = new char[char.MaxValue + 1];
        for (var i = 0; i <= char.MaxValue; i++)
        {
            var c = (char)i;
            table[i] = char.IsSurrogate(c) ? c : char.ToLowerInvariant(char.ToUpperInvariant(c));
        }

        return table;
    }
}
