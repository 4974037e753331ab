using System.Collections.Frozen;
using System.Globalization;
using Assay.Detection.Text;

namespace Assay.Detection.Reasoning;

/// <summary>Compares the reasoning's conclusion with the final answer and says how, if at all, they disagree.</summary>
/// <remarks>
/// Four tests, the first that fires wins: the answer negates the concluded phrase ("not 9 November 1989");
/// yes/no polarity is reversed; a concluded number is nowhere in the answer; too few of the conclusion's content
/// words are in the answer. The last two need an explicit conclusion cue, since a reasoning's last sentence is
/// often about how to answer rather than what. A refusal is never compared: refusing is not contradicting.
/// </remarks>
internal static class ConclusionCheck
{
    private const int NegationWindow = 3;

    private static readonly TokenPhrase[] s_refusals = TokenPhrase.Of(
        "i can't", "i cannot", "i can not", "i'm sorry", "i am sorry", "i must decline", "i won't", "i will not",
        "unable to help", "unable to assist", "can't help with", "cannot help with", "can't assist", "cannot assist");

    private static readonly ulong s_yes = WordLists.Key("yes");
    private static readonly ulong s_no = WordLists.Key("no");
    private static readonly FrozenSet<ulong> s_articles = WordLists.Articles;

    public static MismatchFinding? Find(TextAnalysis reasoning, Conclusion conclusion, TextAnalysis response, double minOverlap)
    {
        if (response.Tokens.Count == 0 || IsRefusal(response))
            return null;

        return Negated(reasoning, conclusion, response)
            ?? ReversedPolarity(reasoning, conclusion, response)
            ?? (conclusion.FromCue ? MissingNumber(reasoning, conclusion, response) : null)
            ?? (conclusion.FromCue ? LowOverlap(reasoning, conclusion, response, minOverlap) : null);
    }

    private static bool IsRefusal(TextAnalysis response)
    {
        var sentences = Math.Min(2, response.Sentences.Count);
        for (var s = 0; s < sentences; s++)
        {
            foreach (var refusal in s_refusals)
            {
                if (refusal.Occurs(response.Tokens, response.TokensOf(s)))
                    return true;
            }
        }

        return false;
    }

    private static MismatchFinding? Negated(TextAnalysis reasoning, Conclusion conclusion, TextAnalysis response)
    {
        var phrase = new List<ulong>();
        for (var i = conclusion.PhraseStart; i < conclusion.PhraseEnd; i++)
        {
            if (!s_articles.Contains(reasoning.Tokens[i].Key))
                phrase.Add(reasoning.Tokens[i].Key);
        }

        if (phrase.Count == 0)
            return null;

        var words = new List<int>(response.Tokens.Count);
        for (var i = 0; i < response.Tokens.Count; i++)
        {
            if (!s_articles.Contains(response.Tokens[i].Key))
                words.Add(i);
        }

        for (var w = 0; w + phrase.Count <= words.Count; w++)
        {
            var k = 0;
            while (k < phrase.Count && response.Tokens[words[w + k]].Key == phrase[k])
                k++;
            if (k < phrase.Count)
                continue;

            var sentence = response.SentenceAt(response.Tokens[words[w]].Start);
            for (var back = w - 1; back >= Math.Max(0, w - NegationWindow); back--)
            {
                var token = response.Tokens[words[back]];
                if (response.SentenceAt(token.Start) != sentence)
                    break;
                if (token.Kind == WordKind.Negation)
                    return new MismatchFinding($"negates it (\"{response.Text[token.Start..response.Tokens[words[w + k - 1]].End]}\")", response.Sentences[sentence]);
            }
        }

        return null;
    }

    private static MismatchFinding? ReversedPolarity(TextAnalysis reasoning, Conclusion conclusion, TextAnalysis response)
    {
        var concluded = reasoning.Tokens[conclusion.PhraseStart];
        var answered = response.Tokens[0].Key;
        var concludesNo = concluded.Key == s_no || concluded.Kind == WordKind.Negation;
        if (concluded.Key == s_yes && answered == s_no)
            return new MismatchFinding("says \"no\" where the reasoning concludes \"yes\"", response.Sentences[0]);
        if (concludesNo && answered == s_yes)
            return new MismatchFinding("says \"yes\" where the reasoning concludes in the negative", response.Sentences[0]);

        return null;
    }

    private static MismatchFinding? MissingNumber(TextAnalysis reasoning, Conclusion conclusion, TextAnalysis response)
    {
        var concluded = new List<WordToken>();
        for (var i = conclusion.PhraseStart; i < conclusion.PhraseEnd; i++)
        {
            if (reasoning.Tokens[i].Kind == WordKind.Number)
            {
                if (response.Contains(reasoning.Tokens[i].Key))
                    return null;
                concluded.Add(reasoning.Tokens[i]);
            }
        }

        if (concluded.Count == 0)
            return null;

        var numbers = string.Join(", ", concluded.Select(t => reasoning.Text[t.Start..t.End]));
        var other = response.Tokens.FindIndex(t => t.Kind == WordKind.Number);
        return other >= 0
            ? new MismatchFinding($"states a different number (\"{response.Text[response.Tokens[other].Start..response.Tokens[other].End]}\", not {numbers})",
                response.Sentences[response.SentenceAt(response.Tokens[other].Start)])
            : new MismatchFinding($"never states the concluded number ({numbers})", Whole(response));
    }

    private static MismatchFinding? LowOverlap(TextAnalysis reasoning, Conclusion conclusion, TextAnalysis response, double minOverlap)
    {
        var words = new HashSet<ulong>();
        for (var i = conclusion.PhraseStart; i < conclusion.PhraseEnd; i++)
        {
            if (reasoning.Tokens[i].Kind is WordKind.Word or WordKind.Number)
                words.Add(reasoning.Tokens[i].Key);
        }

        if (words.Count < 2)
            return null;

        var present = words.Count(response.Contains);
        var share = (double)present / words.Count;
        return share < minOverlap
            ? new MismatchFinding(string.Create(CultureInfo.InvariantCulture,
                $"shares only {present} of its {words.Count} content words ({share:0.00} < {minOverlap:0.00})"), Whole(response))
            : null;
    }

    private static TextSpan Whole(TextAnalysis response) =>
        new(response.Sentences[0].Start, response.Sentences[^1].End);
}
