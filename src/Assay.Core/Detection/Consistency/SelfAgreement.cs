using Assay.Detection.Text;

namespace Assay.Detection.Consistency;

/// <summary>The self-agreement scorer: how well further samples of an answer agree with the response.</summary>
/// <remarks>
/// Pure and thread-safe; the detector, the server and the charts all call it. The method is described in
/// docs/SELF-CONSISTENCY.md: short answers are normalised and compared whole; long answers are scored per
/// sentence by n-gram overlap with the samples, in the spirit of SelfCheckGPT (Manakul et al., 2023).
/// </remarks>
public static class SelfAgreement
{
    /// <summary>Scores <paramref name="response"/> against <paramref name="samples"/>.</summary>
    public static SelfAgreementScore Score(string response, IReadOnlyList<string> samples, SelfConsistencyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(samples);
        options ??= SelfConsistencyOptions.Default;
        if (samples.Count == 0 || string.IsNullOrWhiteSpace(response))
            return SelfAgreementScore.NotScored(samples.Count);

        var tokens = new List<WordToken>();
        return IsShort(response, samples, options.ShortAnswerMaxWords, tokens)
            ? ShortAnswers.Score(response, samples)
            : SentenceOverlap.Score(response, samples, options.MinSentenceSupport);
    }

    private static bool IsShort(string response, IReadOnlyList<string> samples, int maxWords, List<WordToken> tokens)
    {
        if (!IsShort(response, maxWords, tokens))
            return false;

        foreach (var sample in samples)
        {
            if (!IsShort(sample, maxWords, tokens))
                return false;
        }

        return true;
    }

    private static bool IsShort(string text, int maxWords, List<WordToken> tokens)
    {
        // Cheap bound first: a text longer than this cannot have few words and is never tokenised here.
        if (text.Length > maxWords * 24)
            return false;

        tokens.Clear();
        WordTokenizer.Tokenize(text, tokens);
        return tokens.Count <= maxWords && SentenceSplitter.Split(text).Count <= 1;
    }
}
