using Assay.Detection;
using Assay.Domain;

namespace Assay.Validation;

/// <summary>The per-text features the validation compares between traffic samples: size, script, punctuation, topic lexicons and rule flags.</summary>
/// <remarks>
/// No token count: <c>Microsoft.ML.Tokenizers</c> is not yet referenced by the repository, and the features here are
/// meant to be the cheap ones any deployment has. The topic lexicons are small, hand-picked word lists, not a classifier.
/// </remarks>
internal static class TextFeatures
{
    private static readonly HashSet<string> s_harm = new(StringComparer.OrdinalIgnoreCase)
    {
        "kill", "murder", "steal", "rob", "weapon", "gun", "guns", "bomb", "drug", "drugs", "poison", "hurt", "attack",
        "illegal", "hack", "cheat", "violence", "shoot", "stab", "die", "dead", "racist", "crime",
    };

    private static readonly HashSet<string> s_task = new(StringComparer.OrdinalIgnoreCase)
    {
        "write", "list", "describe", "explain", "generate", "create", "summarize", "summarise", "classify",
        "rewrite", "translate", "compose", "provide", "identify", "give",
    };

    private static readonly HashSet<string> s_code = new(StringComparer.OrdinalIgnoreCase)
    {
        "code", "python", "function", "program", "sql", "javascript", "algorithm", "html", "java", "database",
    };

    /// <summary>The feature set; <paramref name="rules"/> supplies the rule-flag feature (the text is scanned as a user message).</summary>
    public static IReadOnlyList<TextFeature> Create(IDetector rules) =>
    [
        TextFeature.Numeric("characters", static t => t.Length),
        TextFeature.Numeric("words", static t => Words(t).Count()),
        TextFeature.Numeric("non-ASCII letter share", NonAsciiLetterShare),
        TextFeature.Categorical("question mark", static t => t.Contains('?') ? "yes" : "no"),
        TextFeature.Categorical("lexicon: harm", static t => Hits(t, s_harm)),
        TextFeature.Categorical("lexicon: task verbs", static t => Hits(t, s_task)),
        TextFeature.Categorical("lexicon: code", static t => Hits(t, s_code)),
        TextFeature.Categorical("starter-policy flag categories", t => FlagCategories(rules, t)),
    ];

    public static IEnumerable<string> Words(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    private static double NonAsciiLetterShare(string text)
    {
        int letters = 0, nonAscii = 0;
        foreach (var c in text)
        {
            if (char.IsLetter(c))
            {
                letters++;
                nonAscii += c > 127 ? 1 : 0;
            }
        }

        return letters == 0 ? 0 : nonAscii / (double)letters;
    }

    private static string Hits(string text, HashSet<string> lexicon)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var letter = i < text.Length && char.IsLetter(text[i]);
            if (letter && start < 0)
            {
                start = i;
            }
            else if (!letter && start >= 0)
            {
                if (lexicon.Contains(text[start..i]))
                {
                    return "yes";
                }

                start = -1;
            }
        }

        return "no";
    }

    private static string FlagCategories(IDetector rules, string text)
    {
        var flags = new List<Flag>();
        rules.Detect(Interactions.Of("feature", text, ""), flags);
        return flags.Count == 0 ? "none" : string.Join("+", flags.Select(f => f.Category).Distinct().Order(StringComparer.Ordinal));
    }
}
