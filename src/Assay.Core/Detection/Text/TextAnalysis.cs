namespace Assay.Detection.Text;

/// <summary>A text split once into sentences and tokens, for the checks that look at both.</summary>
/// <remarks>Built per call; not shared between threads.</remarks>
internal sealed class TextAnalysis
{
    private readonly int[] _firstToken;

    public TextAnalysis(string text)
    {
        Text = text;
        SentenceSplitter.Split(text, Sentences);
        WordTokenizer.Tokenize(text, Tokens);
        _firstToken = new int[Sentences.Count + 1];
        var t = 0;
        for (var s = 0; s < Sentences.Count; s++)
        {
            while (t < Tokens.Count && Tokens[t].Start < Sentences[s].Start)
                t++;
            _firstToken[s] = t;
        }

        _firstToken[Sentences.Count] = Tokens.Count;
    }

    public string Text { get; }

    public List<TextSpan> Sentences { get; } = [];

    public List<WordToken> Tokens { get; } = [];

    /// <summary>The tokens of sentence <paramref name="sentence"/>, as a range of indexes into <see cref="Tokens"/>.</summary>
    public Range TokensOf(int sentence)
    {
        var start = _firstToken[sentence];
        var end = start;
        while (end < Tokens.Count && Tokens[end].Start < Sentences[sentence].End)
            end++;

        return start..end;
    }

    /// <summary>The index of the sentence that holds the character at <paramref name="offset"/>, or -1.</summary>
    public int SentenceAt(int offset)
    {
        for (var s = 0; s < Sentences.Count; s++)
        {
            if (offset >= Sentences[s].Start && offset < Sentences[s].End)
                return s;
        }

        return -1;
    }

    /// <summary>Whether some token of the text has key <paramref name="key"/>.</summary>
    public bool Contains(ulong key)
    {
        foreach (var token in Tokens)
        {
            if (token.Key == key)
                return true;
        }

        return false;
    }
}
