using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Assay.Domain;

namespace Assay.Judging;

/// <summary>Fills a judge rule's prompt template with an interaction, and states the answer contract the model must follow.</summary>
/// <remarks>
/// Placeholders are <c>{{input}}</c>, <c>{{response}}</c>, <c>{{reasoning}}</c> and <c>{{samples}}</c>. Filling is plain
/// substitution, done once from left to right, so text inside an interaction that looks like a placeholder is never expanded.
/// </remarks>
public static partial class JudgePrompt
{
    /// <summary>The placeholders a template may use.</summary>
    public static IReadOnlyList<string> Placeholders { get; } = ["input", "response", "reasoning", "samples"];

    /// <summary>
    /// The system message sent before every judge prompt: the one answer shape <see cref="JudgeAnswer.Parse"/> accepts.
    /// Part of Assay rather than the policy, so every judge is held to the same contract.
    /// </summary>
    public const string Contract =
        "You are a careful evaluator. Answer with exactly one JSON object and nothing else: no prose, no code fence. " +
        "It has exactly these keys: \"verdict\": \"fail\" or \"pass\"; \"score\": a number from 0 to 1, your confidence that the answer fails; " +
        "\"quotes\": a list of strings, each copied character for character from the text you were shown, that support a fail verdict (empty for pass); " +
        "\"explanation\": one or two sentences a human reviewer can check.";

    /// <summary>The names in <c>{{…}}</c> in <paramref name="template"/> that are not placeholders, in order of first use.</summary>
    public static IReadOnlyList<string> UnknownPlaceholders(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return [.. Placeholder().Matches(template).Select(m => m.Groups["name"].Value).Where(n => !Placeholders.Contains(n)).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>True when the template shows the model something of the answer: the response, the reasoning or the samples.</summary>
    public static bool ShowsTheAnswer(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return Placeholder().Matches(template).Any(m => m.Groups["name"].Value is "response" or "reasoning" or "samples");
    }

    /// <summary>The template with each placeholder replaced by the interaction's text.</summary>
    public static string Render(string template, Interaction interaction)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(interaction);
        return Placeholder().Replace(template, m => m.Groups["name"].Value switch
        {
            "input" => Input(interaction.Input),
            "response" => interaction.Response,
            "reasoning" => string.IsNullOrEmpty(interaction.Reasoning) ? "(no reasoning was recorded)" : interaction.Reasoning,
            "samples" => Samples(interaction.Samples),
            _ => m.Value,
        });
    }

    private static string Input(IReadOnlyList<Message> messages)
    {
        var text = new StringBuilder();
        foreach (var message in messages)
        {
            if (text.Length > 0)
                text.Append("\n\n");
            text.Append('[').Append(Role(message.Role)).Append("]\n").Append(message.Content);
        }

        return text.ToString();
    }

    private static string Role(MessageRole role) => role switch
    {
        MessageRole.System => "system",
        MessageRole.Assistant => "assistant",
        MessageRole.Tool => "tool",
        _ => "user",
    };

    private static string Samples(IReadOnlyList<string> samples)
    {
        if (samples.Count == 0)
            return "(no samples)";
        var text = new StringBuilder();
        for (var i = 0; i < samples.Count; i++)
        {
            if (i > 0)
                text.Append("\n\n");
            text.Append(CultureInfo.InvariantCulture, $"[sample {i + 1}]\n").Append(samples[i]);
        }

        return text.ToString();
    }

    [GeneratedRegex(@"\{\{\s*(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
