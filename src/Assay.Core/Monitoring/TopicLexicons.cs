namespace Assay.Monitoring;

/// <summary>Small word lists that assign a user input to a broad topic, so that a change in what is asked shows as drift.</summary>
/// <remarks>
/// Deliberately coarse: a topic is the lexicon with the most distinct word hits in the input (ties go to the earlier
/// lexicon), and <c>other</c> when none hits. The lists are documented in docs/MONITORING.md; they are meant to show
/// a shift in the mix of questions, not to classify a single one reliably.
/// </remarks>
public static class TopicLexicons
{
    /// <summary>The topic assigned when no lexicon word occurs.</summary>
    public const string Other = "other";

    /// <summary>The lexicons, in tie-breaking order.</summary>
    public static IReadOnlyList<(string Topic, IReadOnlySet<string> Words)> All { get; } =
    [
        ("programming", Set("code", "function", "class", "keyword", "python", "java", "javascript", "c#", "sql", "query", "compile", "compiler",
            "bug", "debug", "api", "variable", "loop", "list", "index", "database", "git", "exception", "regex")),
        ("finance", Set("roth", "ira", "credit", "card", "invest", "investing", "investment", "tax", "taxes", "loan", "mortgage", "stock", "stocks",
            "bond", "debt", "savings", "bank", "interest", "retirement", "pension", "budget")),
        ("health", Set("doctor", "symptom", "symptoms", "medicine", "medication", "diet", "sleep", "exercise", "pain", "vitamin", "calories",
            "health", "drink", "adult", "blood", "fever", "dose")),
        ("travel", Set("visa", "visit", "trip", "flight", "flights", "hotel", "passport", "tourism", "tourist", "travel", "airport", "luggage",
            "itinerary", "northern", "lights", "japan", "norway", "beach")),
        ("cooking", Set("roast", "chicken", "carve", "carving", "bake", "baking", "recipe", "oven", "flour", "sugar", "yeast", "soda", "powder",
            "cook", "cooking", "sauce", "grill", "dinner", "substitute")),
        ("history", Set("history", "historical", "berlin", "wall", "war", "wrote", "federalist", "papers", "century", "empire", "king", "queen",
            "revolution", "ancient", "medieval")),
        ("science", Set("science", "sky", "blue", "boiling", "altitude", "physics", "chemistry", "atom", "molecule", "gravity", "planet",
            "energy", "quantum", "cell", "evolution")),
    ];

    /// <summary>The topic of <paramref name="text"/>: the lexicon with most distinct hits, or <see cref="Other"/>.</summary>
    public static string Classify(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return Other;
        var words = Words(text);
        var best = Other;
        var bestHits = 0;
        foreach (var (topic, lexicon) in All)
        {
            var hits = 0;
            foreach (var word in words)
            {
                if (lexicon.Contains(word))
                    hits++;
            }

            if (hits > bestHits)
                (best, bestHits) = (topic, hits);
        }

        return best;
    }

    private static HashSet<string> Words(string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            // '#' and '+' keep names such as c# and c++ whole.
            var inWord = i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '#' or '+');
            if (inWord && start < 0)
                start = i;
            else if (!inWord && start >= 0)
            {
                words.Add(text[start..i].ToLowerInvariant());
                start = -1;
            }
        }

        return words;
    }

    private static HashSet<string> Set(params string[] words) => new(words, StringComparer.Ordinal);
}
