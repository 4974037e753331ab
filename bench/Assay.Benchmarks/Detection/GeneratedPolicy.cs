using Assay.Domain;
using Assay.Policy;
using YamlDotNet.RepresentationModel;

namespace Assay.Benchmarks.Detection;

/// <summary>A deterministic large policy: 1,000 literal phrases and 50 regexes, shaped like real rules.</summary>
/// <remarks>
/// Literals are 2–3 word phrases mixing a rare word with common ones, so their common words occur everywhere
/// and the automaton walks deep states often, but whole phrases are rare. Of the 50 regexes, 5 are anchored
/// on common words (their prefilter fires on most texts), and the rest on rare words, except that the last
/// <c>unanchored</c> have no extractable literal at all (digit patterns) and so run on every text.
/// </remarks>
public static class GeneratedPolicy
{
    /// <param name="unanchored">How many of the 50 regexes have no extractable literal (so run on every text).</param>
    /// <param name="seed">Seed of the generator.</param>
    public static Assay.Policy.PolicyDocument Create(int unanchored = 0, int seed = 7)
    {
        var random = new Random(seed);
        var common = DetectionCorpus.CommonWords;
        var rare = DetectionCorpus.RareWords;
        string Common() => common[random.Next(common.Length)];
        string Rare() => rare[random.Next(rare.Length)];

        var rules = new List<Rule>();
        var phrases = new HashSet<string>(StringComparer.Ordinal);
        while (phrases.Count < 1000)
        {
            var phrase = random.Next(3) switch
            {
                0 => $"{Rare()} {Common()}",
                1 => $"{Common()} {Rare()}",
                _ => $"{Common()} {Common()} {Rare()}",
            };
            if (phrases.Add(phrase))
            {
                rules.Add(new Rule($"lit.{phrases.Count}", "risk", RuleKind.Literal, RuleField.Response, false, true, [phrase], null, "generated literal"));
            }
        }

        for (var i = 0; i < 50; i++)
        {
            var pattern = i switch
            {
                _ when i >= 50 - unanchored => (i % 5) switch
                {
                    0 => @"\b\d{3}-\d{3}-\d{4}\b",
                    1 => @"\b\d{1,3}(?:,\d{3})+\b",
                    2 => @"\b[A-Z]{2}\d{6,}\b",
                    3 => @"\b\d{4}-\d{2}-\d{2}\b",
                    _ => @"\b\d+(?:\.\d+)?\s?(?:mg|ml|kg)\b",
                },
                < 5 => $@"\b(?:{Common()}|{Common()})\s+\d+\s+(?:percent|times)\b",
                _ => (i % 4) switch
                {
                    0 => $@"\b{Rare()}\s+(?:{Common()}|{Common()})\s+\d{{1,4}}\b",
                    1 => $@"\b{Rare()}[ -]?(?:id|number|no)\s*[:#]?\s*[A-Z0-9]{{6,}}",
                    2 => $@"\b(?:{Rare()}|{Rare()})\s+(?:the\s+)?{Common()}\b",
                    _ => $@"\b{Common()}\s+{Rare()}(?:ed|ing|s)?\b",
                },
            };
            rules.Add(new Rule($"rx.{i}", "risk", RuleKind.Regex, RuleField.Response, false, false, [pattern], null, "generated regex"));
        }

        return new Assay.Policy.PolicyDocument(
            "generated",
            new string('0', 64),
            "generated",
            [new FailureCategory("risk", "Risk", "A generated category.", Severity.Medium)],
            rules,
            new Dictionary<string, YamlNode>());
    }
}
