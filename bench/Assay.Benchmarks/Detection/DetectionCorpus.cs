using System.Text;
using Assay.Domain;

namespace Assay.Benchmarks.Detection;

/// <summary>Deterministic English-like response texts for detection benchmarks.</summary>
/// <remarks>
/// Sentences are drawn from a Zipf-weighted list of common words, with numbers, punctuation and, rarely, one
/// of the <see cref="RareWords"/> that generated rules anchor on, so rule phrases are partly present (their
/// common words) but seldom complete, as in real traffic.
/// </remarks>
public static class DetectionCorpus
{
    public static readonly string[] CommonWords =
    [
        "the", "of", "and", "to", "a", "in", "is", "you", "that", "it", "for", "on", "with", "as", "are", "this",
        "be", "at", "or", "have", "from", "by", "not", "can", "your", "we", "an", "will", "if", "more", "all",
        "there", "which", "their", "would", "about", "what", "so", "when", "one", "also", "other", "some", "these",
        "than", "them", "then", "into", "only", "time", "could", "may", "first", "use", "how", "like", "should",
        "because", "each", "most", "people", "way", "make", "well", "data", "model", "example", "answer", "question",
        "result", "value", "number", "system", "process", "information", "important", "different", "following",
        "however", "approach", "consider", "provide", "specific", "general", "common", "possible", "support", "help",
        "step", "case", "function", "code", "user", "request", "response", "test", "change", "report", "policy",
        "account", "service", "customer", "review", "check", "order", "price", "market", "research", "study",
        "health", "company", "team", "project", "design", "language", "learning", "training", "performance",
        "quality", "security", "network", "memory", "error", "issue", "problem", "solution", "method", "analysis",
        "further", "between", "several", "within", "without", "usually", "typically", "directly", "quickly",
        "summary", "section", "details", "options", "requirements", "instructions", "previous", "current", "next",
    ];

    public static readonly string[] RareWords =
    [
        "wire", "routing", "passport", "ransom", "detonator", "overdose", "phishing", "keylogger", "bribe",
        "counterfeit", "smuggle", "launder", "extort", "blackmail", "stalk", "doxx", "skimmer", "malware",
        "exploit", "payload", "rootkit", "botnet", "spoof", "forge", "embezzle", "insider", "leak", "confidential",
        "classified", "jailbreak", "override", "bypass", "disregard", "pretend", "unfiltered", "uncensored",
        "secretly", "conceal", "fabricate", "invent", "guarantee", "urgent", "immediately", "threat", "regret",
        "lawsuit", "diagnosis", "prescription", "dosage", "lethal", "toxin", "pathogen", "enrich", "centrifuge",
    ];

    /// <summary>Generates interactions whose responses total about <paramref name="totalChars"/> chars.</summary>
    public static List<Interaction> Generate(int totalChars, int responseChars, int seed)
    {
        var random = new Random(seed);
        var weights = CommonWords.Select((_, i) => 1.0 / (i + 1)).ToArray();
        var cumulative = new double[weights.Length];
        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += weights[i];
            cumulative[i] = sum;
        }

        var interactions = new List<Interaction>();
        var produced = 0;
        while (produced < totalChars)
        {
            var text = Response(random, cumulative, sum, responseChars);
            produced += text.Length;
            interactions.Add(new Interaction(
                $"bench-{interactions.Count}", null, "bench-model", null, [], text, null, [], InteractionMetadata.Empty, null, null));
        }

        return interactions;
    }

    private static string Response(Random random, double[] cumulative, double sum, int length)
    {
        var builder = new StringBuilder(length + 64);
        while (builder.Length < length)
        {
            var words = random.Next(8, 22);
            for (var w = 0; w < words; w++)
            {
                var word = random.NextDouble() < 0.002
                    ? RareWords[random.Next(RareWords.Length)]
                    : random.NextDouble() < 0.03 ? random.Next(1, 5000).ToString(System.Globalization.CultureInfo.InvariantCulture)
                    : CommonWords[Pick(cumulative, random.NextDouble() * sum)];
                builder.Append(w == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word);
                builder.Append(w == words - 1 ? (random.Next(5) == 0 ? "? " : ". ") : random.Next(12) == 0 ? ", " : " ");
            }

            if (random.Next(6) == 0)
            {
                builder.Append("\n\n");
            }
        }

        return builder.ToString();
    }

    private static int Pick(double[] cumulative, double x)
    {
        var k = Array.BinarySearch(cumulative, x);
        return Math.Min(k < 0 ? ~k : k, cumulative.Length - 1);
    }
}
