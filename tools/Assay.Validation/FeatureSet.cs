using Assay.Detection;
using Assay.Domain;
using Assay.Monitoring;

namespace Assay.Validation;

/// <summary>
/// Computes Assay's monitor features (<see cref="InteractionFeatures"/>) for dataset rows, and defines the drift features the
/// validation compares: Assay's input features and flag categories, plus a few prompt-text features of its own.
/// </summary>
/// <remarks>
/// The extra features read the prompt text by interaction id, because <see cref="InteractionFeatures"/> does not keep the text;
/// ids must therefore be unique across everything observed.
/// </remarks>
internal sealed class FeatureSet
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

    private readonly IDetector _rules;
    private readonly Dictionary<string, string> _prompts = new(StringComparer.Ordinal);

    public FeatureSet(IDetector rules)
    {
        _rules = rules;
        Inputs =
        [
            .. MonitorFeature.Inputs,
            MonitorFeature.All.Single(f => f.Name == "flag_categories"),
            new MonitorFeature("words", FeatureKind.Numeric, true, f => TextOf(f).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length, null),
            new MonitorFeature("question_mark", FeatureKind.Categorical, true, null, f => TextOf(f).Contains('?') ? "yes" : "no"),
            new MonitorFeature("lexicon_harm", FeatureKind.Categorical, true, null, f => Hits(TextOf(f), s_harm)),
            new MonitorFeature("lexicon_task_verbs", FeatureKind.Categorical, true, null, f => Hits(TextOf(f), s_task)),
        ];
    }

    /// <summary>The features compared between prompt samples (section 1).</summary>
    public IReadOnlyList<MonitorFeature> Inputs { get; }

    /// <summary>The features of one row, after running the starter policy's rules on it.</summary>
    public InteractionFeatures Observe(string id, string prompt, string response, string? modelVersion = null)
    {
        var interaction = Interactions.Of(id, prompt, response, modelVersion);
        var flags = new List<Flag>();
        _rules.Detect(interaction, flags);
        _prompts[id] = prompt;
        return InteractionFeatures.From(interaction, flags);
    }

    private string TextOf(InteractionFeatures features) => _prompts[features.Id];

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
}
