namespace Assay.Detection.Text;

/// <summary>A short phrase held as word keys, found in token lists whatever the case, punctuation or plural.</summary>
internal sealed class TokenPhrase
{
    public TokenPhrase(string phrase)
    {
        Text = phrase;
        var tokens = new List<WordToken>();
        WordTokenizer.Tokenize(phrase, tokens);
        Keys = [.. tokens.Select(t => t.Key)];
    }

    public string Text { get; }

    public ulong[] Keys { get; }

    /// <summary>The index of the last token where the phrase starts within <paramref name="range"/>, or -1.</summary>
    public int FindLast(List<WordToken> tokens, Range range)
    {
        var (start, length) = range.GetOffsetAndLength(tokens.Count);
        for (var i = start + length - Keys.Length; i >= start; i--)
        {
            if (MatchesAt(tokens, i))
                return i;
        }

        return -1;
    }

    /// <summary>Whether the phrase occurs anywhere within <paramref name="range"/>.</summary>
    public bool Occurs(List<WordToken> tokens, Range range) => FindLast(tokens, range) >= 0;

    private bool MatchesAt(List<WordToken> tokens, int i)
    {
        for (var k = 0; k < Keys.Length; k++)
        {
            if (tokens[i + k].Key != Keys[k])
                return false;
        }

        return true;
    }

    public static TokenPhrase[] Of(params string[] phrases) => [.. phrases.Select(p => new TokenPhrase(p))];

    public static System.Collections.Frozen.FrozenSet<ulong> KeysOf(params string[] words) =>
        System.Collections.Frozen.FrozenSet.ToFrozenSet(words.SelectMany(w => new TokenPhrase(w).Keys));
}
