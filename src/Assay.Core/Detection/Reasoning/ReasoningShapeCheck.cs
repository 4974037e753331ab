using System.Globalization;
using Assay.Domain;

namespace Assay.Detection.Reasoning;

/// <summary>Checks the reasoning's shape: empty when it should not be, truncated, or of anomalous length.</summary>
/// <remarks>
/// A null reasoning means the client did not capture one (many providers hide it while still counting its
/// tokens), so only an empty or blank captured reasoning with reported reasoning tokens is flagged, or a missing
/// one for a model configured to always reason. Truncation: an odd number of code-fence lines, or a last
/// character that cannot end a sentence (a letter, comma, semicolon, hyphen or opening bracket).
/// </remarks>
internal static class ReasoningShapeCheck
{
    public static Flag? Empty(Interaction interaction, ReasoningMonitorOptions options, bool alwaysReasons, string policyHash)
    {
        var reasoning = interaction.Reasoning;
        var tokens = interaction.Usage?.ReasoningTokens ?? 0;
        string explanation;
        if (reasoning is not null && tokens > 0)
            explanation = string.Create(CultureInfo.InvariantCulture, $"The reasoning is empty although the model reported {tokens} reasoning tokens.");
        else if (alwaysReasons)
            explanation = $"The reasoning is {(reasoning is null ? "missing" : "empty")}, but model '{interaction.Model}' is configured to always reason.";
        else
            return null;

        var evidence = new Evidence(TextField.Reasoning, null, 0, reasoning?.Length ?? 0, reasoning ?? string.Empty);
        return new Flag(ReasoningMonitor.EmptyRule, ReasoningMonitor.IncoherenceCategory, options.EmptySeverity, policyHash, [evidence], explanation);
    }

    public static Flag? Truncated(string reasoning, ReasoningMonitorOptions options, string policyHash)
    {
        var end = reasoning.Length;
        while (end > 0 && char.IsWhiteSpace(reasoning[end - 1]))
            end--;
        if (end < options.MinTruncationCheckChars)
            return null;

        var openFence = UnclosedFence(reasoning);
        if (openFence >= 0)
        {
            return Truncation(reasoning, openFence, end, "an opened code fence (```) is never closed", options, policyHash);
        }

        var last = reasoning[end - 1];
        if (!(char.IsLetter(last) || last is ',' or ';' or '-' or '(' or '[' or '{' or '“'))
            return null;

        var start = end - 1;
        while (start > 0 && reasoning[start - 1] is not ('.' or '!' or '?' or '\n'))
            start--;
        while (char.IsWhiteSpace(reasoning[start]))
            start++;

        return Truncation(reasoning, start, end, $"it ends mid-sentence, on '{last}'", options, policyHash);
    }

    public static Flag? AnomalousLength(Interaction interaction, string reasoning, ReasoningLengthRange? expected, ReasoningMonitorOptions options, string policyHash)
    {
        var length = reasoning.Length;
        string explanation;
        if (expected is not null && (length < expected.MinChars || length > expected.MaxChars))
        {
            explanation = string.Create(CultureInfo.InvariantCulture,
                $"The reasoning is {length:N0} characters long, outside the {expected.MinChars:N0}–{expected.MaxChars:N0} expected for model '{interaction.Model}'.");
        }
        else if (length > options.LongReasoningChars && length > options.MaxReasoningToResponseRatio * Math.Max(1, interaction.Response.Length))
        {
            explanation = string.Create(CultureInfo.InvariantCulture,
                $"The reasoning is {length:N0} characters long, over {options.LongReasoningChars:N0} and more than {options.MaxReasoningToResponseRatio:0.#} times the response's {interaction.Response.Length:N0}.");
        }
        else
        {
            return null;
        }

        return new Flag(ReasoningMonitor.AnomalousLengthRule, ReasoningMonitor.IncoherenceCategory, options.AnomalousLengthSeverity, policyHash,
            [new Evidence(TextField.Reasoning, null, 0, length, reasoning)], explanation);
    }

    private static Flag Truncation(string reasoning, int start, int end, string why, ReasoningMonitorOptions options, string policyHash) =>
        new(ReasoningMonitor.TruncatedRule, ReasoningMonitor.IncoherenceCategory, options.TruncatedSeverity, policyHash,
            [new Evidence(TextField.Reasoning, null, start, end, reasoning[start..end])], $"The reasoning looks truncated: {why}.");

    /// <summary>The offset of the last code fence left open, or -1 when every fence is closed.</summary>
    private static int UnclosedFence(string reasoning)
    {
        if (!reasoning.Contains("```", StringComparison.Ordinal))
            return -1;

        var open = -1;
        var lineStart = 0;
        while (lineStart < reasoning.Length)
        {
            var lineEnd = reasoning.IndexOf('\n', lineStart);
            if (lineEnd < 0)
                lineEnd = reasoning.Length;

            var line = reasoning.AsSpan(lineStart, lineEnd - lineStart).TrimStart();
            if (line.StartsWith("```", StringComparison.Ordinal))
                open = open < 0 ? lineStart + (lineEnd - lineStart - line.Length) : -1;
            lineStart = lineEnd + 1;
        }

        return open;
    }
}
