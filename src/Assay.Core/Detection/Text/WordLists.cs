using System.Collections.Frozen;

namespace Assay.Detection.Text;

/// <summary>The English word lists the tokenizer classifies words by, held as keys.</summary>
/// <remarks>
/// Stopwords are function words and hedges ("about", "around") that carry no claim of their own, so two
/// sentences that share only them do not overlap. Negators are deliberately not stopwords.
/// </remarks>
internal static class WordLists
{
    private static readonly string[] s_stopwords =
    [
        "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "by", "for", "with", "from",
        "as", "into", "onto", "over", "under", "up", "down", "out", "off", "about", "around", "roughly",
        "approximately", "nearly", "almost", "is", "are", "was", "were", "be", "been", "being", "am", "it",
        "its", "it's", "this", "that", "these", "those", "there", "here", "i", "i'm", "i'll", "i've", "i'd",
        "you", "your", "you're", "he", "she", "we", "they", "them", "his", "her", "their", "our", "my", "me",
        "us", "do", "does", "did", "so", "than", "then", "too", "very", "can", "could", "will", "would",
        "shall", "should", "may", "might", "must", "have", "has", "had", "what", "which", "who", "whom",
        "whose", "when", "where", "why", "how", "just", "also", "some", "any", "all", "each", "both", "such",
        "own", "same", "via", "per", "while", "because", "until", "again", "once", "let", "let's", "s", "t",
        "usually", "typically", "generally", "really", "quite", "only",
    ];

    private static readonly string[] s_negators =
        ["not", "no", "never", "cannot", "none", "nor", "neither", "nothing", "without"];

    // Index = value; number words normalise to digits so that "three" and "3" agree.
    private static readonly string[] s_numberWords =
    [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
    ];

    private static readonly (string Word, int Value)[] s_tens =
        [("thirty", 30), ("forty", 40), ("fifty", 50), ("sixty", 60), ("seventy", 70), ("eighty", 80), ("ninety", 90), ("hundred", 100)];

    public static FrozenSet<ulong> Stopwords { get; } = s_stopwords.Select(w => TextKey.Of(w)).ToFrozenSet();

    public static FrozenSet<ulong> Negators { get; } = s_negators.Select(w => TextKey.Of(w)).ToFrozenSet();

    public static FrozenSet<ulong> Articles { get; } = new[] { "a", "an", "the" }.Select(w => TextKey.Of(w)).ToFrozenSet();

    /// <summary>Number word key → the key of its digits, and the digits themselves (for normalised text).</summary>
    public static FrozenDictionary<ulong, string> NumberWords { get; } = s_numberWords
        .Select((w, i) => (w, i.ToString(System.Globalization.CultureInfo.InvariantCulture)))
        .Concat(s_tens.Select(t => (t.Word, t.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))))
        .ToFrozenDictionary(p => TextKey.Of(p.Item1), p => p.Item2);

    public static ulong Key(string word) => TextKey.Of(word);
}
