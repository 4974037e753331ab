using System.Globalization;
using System.Text;
using Assay.Domain;

namespace Assay.Judging;

/// <summary>Turns a judge's fail verdict into a flag a reviewer can check.</summary>
public static class JudgeFlag
{
    /// <summary>Longest part of the judge's own explanation kept in the flag; the full verdict is stored beside it.</summary>
    public const int MaxExplanation = 1000;

    /// <summary>
    /// The flag for a fail verdict: evidence is the judge's quotes found verbatim, and the explanation names the judge and
    /// model, its score and words, and every quote that could not be found. Null for a pass or a malformed answer.
    /// </summary>
    public static Flag? For(JudgeRule rule, Severity categorySeverity, string policyHash, Interaction interaction, JudgeVerdict verdict, string model)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(interaction);
        ArgumentNullException.ThrowIfNull(verdict);
        if (verdict.Outcome != JudgeOutcome.Fail)
            return null;
        var (found, unverified) = QuoteLocator.Locate(interaction, verdict.Quotes);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"LLM judge '{rule.Id}' ({model}) answered fail with score {verdict.Score:0.##}");
        if (rule.Description.Length > 0)
            text.Append(" (").Append(rule.Description.TrimEnd('.')).Append(')');
        var said = (verdict.Explanation ?? string.Empty).Trim();
        if (said.Length > MaxExplanation)
            said = string.Concat(said.AsSpan(0, MaxExplanation - 1), "…");
        text.Append(": ").Append(said.Length > 0 ? said : "no explanation given");
        if (!said.EndsWith('.'))
            text.Append('.');
        if (unverified.Count > 0)
            text.Append(CultureInfo.InvariantCulture, $" Unverified quotes (not found in the text): {string.Join("; ", unverified.Select(q => $"\"{q}\""))}.");
        if (found.Count == 0)
            text.Append(" No quote could be located, so the flag has no highlighted evidence.");
        return new Flag(rule.Id, rule.Category, rule.Severity ?? categorySeverity, policyHash, found, text.ToString());
    }
}
