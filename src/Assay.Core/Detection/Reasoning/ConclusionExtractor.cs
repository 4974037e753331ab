using System.Collections.Frozen;
using Assay.Detection.Text;

namespace Assay.Detection.Reasoning;

/// <summary>Finds the conclusion of a reasoning trace: the concluded phrase after the last conclusion cue.</summary>
/// <remarks>
/// Strong cues ("final answer", "the answer is", "=>"…) are looked for first, from the last sentence back; then
/// weak cues ("therefore", "I'll answer"…), whose phrase must say more than how to answer ("I will answer
/// concisely" concludes nothing); failing both, the last sentence with a content word is the conclusion.
/// The phrase runs from after the cue to the end of the sentence, without leading function words ("is", "that").
/// </remarks>
internal static class ConclusionExtractor
{
    private static readonly TokenPhrase[] s_strongCues = TokenPhrase.Of(
        "final answer", "so the answer is", "the answer is", "the answer should be", "the answer would be",
        "the answer will be", "the correct answer is", "the result is");

    private static readonly TokenPhrase[] s_weakCues = TokenPhrase.Of(
        "therefore", "thus", "hence", "in conclusion", "i'll answer", "i will answer", "i'll say", "i will say",
        "i'll go with", "i will go with", "i conclude");

    // Words that say how to answer rather than what; a weak cue followed only by these concludes nothing.
    private static readonly FrozenSet<ulong> s_mannerWords = TokenPhrase.KeysOf(
        "concisely", "briefly", "clearly", "directly", "honestly", "politely", "carefully", "simply", "succinctly",
        "accordingly", "now", "user", "question", "answer", "response", "helpfully", "short", "shortly", "kindly");

    public static Conclusion? Extract(TextAnalysis reasoning)
    {
        for (var s = reasoning.Sentences.Count - 1; s >= 0; s--)
        {
            var range = reasoning.TokensOf(s);
            if (FromArrow(reasoning, s, range) is { } arrow)
                return arrow;

            foreach (var cue in s_strongCues)
            {
                if (Phrase(reasoning, s, range, cue, requireSubstance: false) is { } conclusion)
                    return conclusion;
            }
        }

        for (var s = reasoning.Sentences.Count - 1; s >= 0; s--)
        {
            foreach (var cue in s_weakCues)
            {
                if (Phrase(reasoning, s, reasoning.TokensOf(s), cue, requireSubstance: true) is { } conclusion)
                    return conclusion;
            }
        }

        for (var s = reasoning.Sentences.Count - 1; s >= 0; s--)
        {
            var (start, length) = reasoning.TokensOf(s).GetOffsetAndLength(reasoning.Tokens.Count);
            if (HasContent(reasoning.Tokens, start, start + length, requireSubstance: false))
                return new Conclusion(s, start, start + length, FromCue: false);
        }

        return null;
    }

    private static Conclusion? Phrase(TextAnalysis reasoning, int sentence, Range range, TokenPhrase cue, bool requireSubstance)
    {
        var at = cue.FindLast(reasoning.Tokens, range);
        if (at < 0)
            return null;

        var start = at + cue.Keys.Length;
        var (offset, length) = range.GetOffsetAndLength(reasoning.Tokens.Count);
        var end = offset + length;
        while (start < end && reasoning.Tokens[start].Kind == WordKind.Stopword)
            start++;

        return HasContent(reasoning.Tokens, start, end, requireSubstance) ? new Conclusion(sentence, start, end, FromCue: true) : null;
    }

    private static Conclusion? FromArrow(TextAnalysis reasoning, int sentence, Range range)
    {
        var span = reasoning.Sentences[sentence];
        var arrow = reasoning.Text.AsSpan(span.Start, span.Length).LastIndexOf("=>", StringComparison.Ordinal);
        if (arrow < 0)
            return null;

        var (offset, length) = range.GetOffsetAndLength(reasoning.Tokens.Count);
        var start = offset;
        while (start < offset + length && reasoning.Tokens[start].Start < span.Start + arrow)
            start++;

        return HasContent(reasoning.Tokens, start, offset + length, requireSubstance: false)
            ? new Conclusion(sentence, start, offset + length, FromCue: true)
            : null;
    }

    private static bool HasContent(List<WordToken> tokens, int start, int end, bool requireSubstance)
    {
        for (var i = start; i < end; i++)
        {
            if (tokens[i].IsContent && !(requireSubstance && s_mannerWords.Contains(tokens[i].Key)))
                return true;
        }

        return false;
    }
}
