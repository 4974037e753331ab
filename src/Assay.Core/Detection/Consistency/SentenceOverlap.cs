using Assay.Detection.Text;

namespace Assay.Detection.Consistency;

/// <summary>The long-answer method: each response sentence scored by unigram and bigram containment in each sample.</summary>
/// <remarks>
/// For a sentence with content unigrams U and content bigrams B (adjacent content words, stopwords removed)
/// and a sample with sets U' and B', the overlap is (|U ∩ U'| + |B ∩ B'|) / (|U| + |B|): the share of the
/// sentence's n-grams that the sample also contains. Support is the mean overlap over samples, so one sample
/// that repeats the response cannot vouch for a sentence on its own.
/// </remarks>
internal static class SentenceOverlap
{
    public static SelfAgreementScore Score(string response, IReadOnlyList<string> samples, double supportThreshold)
    {
        var tokens = new List<WordToken>();
        var sampleGrams = new HashSet<ulong>[samples.Count];
        for (var s = 0; s < samples.Count; s++)
        {
            tokens.Clear();
            WordTokenizer.Tokenize(samples[s], tokens);
            sampleGrams[s] = [];
            AddGrams(tokens, 0, tokens.Count, sampleGrams[s]);
        }

        var sentences = SentenceSplitter.Split(response);
        var scored = new List<SentenceSupport>(sentences.Count);
        var grams = new HashSet<ulong>();
        var total = 0.0;
        foreach (var sentence in sentences)
        {
            tokens.Clear();
            WordTokenizer.Tokenize(response, sentence.Start, sentence.End, tokens);
            grams.Clear();
            AddGrams(tokens, 0, tokens.Count, grams);
            if (grams.Count == 0)
                continue;

            double sum = 0, max = 0;
            var supporting = 0;
            foreach (var sample in sampleGrams)
            {
                var shared = 0;
                foreach (var gram in grams)
                {
                    if (sample.Contains(gram))
                        shared++;
                }

                var overlap = (double)shared / grams.Count;
                sum += overlap;
                max = Math.Max(max, overlap);
                if (overlap >= supportThreshold)
                    supporting++;
            }

            var support = sum / samples.Count;
            total += support;
            scored.Add(new SentenceSupport(sentence.Start, sentence.End, support, max, (double)supporting / samples.Count));
        }

        return scored.Count == 0
            ? SelfAgreementScore.NotScored(samples.Count)
            : new SelfAgreementScore(SelfAgreementMethod.SentenceOverlap, samples.Count, total / scored.Count, null, scored);
    }

    /// <summary>Adds the keys of the content unigrams and of the bigrams of adjacent content words to <paramref name="into"/>.</summary>
    private static void AddGrams(List<WordToken> tokens, int start, int end, HashSet<ulong> into)
    {
        ulong previous = 0;
        var hasPrevious = false;
        for (var i = start; i < end; i++)
        {
            var token = tokens[i];
            if (!token.IsContent)
                continue;

            into.Add(token.Key);
            if (hasPrevious)
                into.Add(TextKey.Pair(previous, token.Key));
            previous = token.Key;
            hasPrevious = true;
        }
    }
}
