using System.Text;
using Assay.Detection.Text;

namespace Assay.Detection.Consistency;

/// <summary>Normalises short answers and measures how they agree: majority share and entropy.</summary>
internal static class ShortAnswers
{
    /// <summary>Case-folds, drops punctuation and articles, and writes numbers as digits ("The Three." → "3").</summary>
    public static string Normalise(string answer)
    {
        var tokens = new List<WordToken>();
        WordTokenizer.Tokenize(answer, tokens);
        var builder = new StringBuilder(answer.Length);
        foreach (var token in tokens)
        {
            if (WordLists.Articles.Contains(token.Key))
                continue;
            if (builder.Length > 0)
                builder.Append(' ');
            WordTokenizer.AppendNormalised(answer, token, builder);
        }

        return builder.ToString();
    }

    public static SelfAgreementScore Score(string response, IReadOnlyList<string> samples)
    {
        var normalisedResponse = Normalise(response);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal) { [normalisedResponse] = 1 };
        var order = new List<string> { normalisedResponse };
        var agreeing = 0;
        foreach (var sample in samples)
        {
            var answer = Normalise(sample);
            if (answer == normalisedResponse)
                agreeing++;
            if (counts.TryGetValue(answer, out var count))
            {
                counts[answer] = count + 1;
            }
            else
            {
                counts[answer] = 1;
                order.Add(answer);
            }
        }

        var total = samples.Count + 1;
        var majority = normalisedResponse;
        var entropy = 0.0;
        foreach (var answer in order)
        {
            var count = counts[answer];
            if (count > counts[majority])
                majority = answer;
            var p = (double)count / total;
            entropy -= p * Math.Log2(p);
        }

        var statistics = new ShortAnswerAgreement(
            normalisedResponse, majority, (double)counts[majority] / total, entropy, counts[normalisedResponse] == counts[majority], agreeing);
        return new SelfAgreementScore(SelfAgreementMethod.ShortAnswer, samples.Count, (double)agreeing / samples.Count, statistics, []);
    }
}
