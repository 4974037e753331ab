using System.Text.Json;

namespace Assay.Judging;

/// <summary>Reads a judge model's answer under the strict contract of <see cref="JudgePrompt.Contract"/>.</summary>
/// <remarks>
/// Strict on purpose: a verdict is evidence in an audit, so an answer that is not exactly one JSON object with the four
/// keys, well typed, is <see cref="JudgeOutcome.Malformed"/> with a reason. Nothing is repaired: no code fences stripped,
/// no prose skipped, no "Fail" read as "fail". A judge that often answers malformed shows up in its calibration instead.
/// </remarks>
public static class JudgeAnswer
{
    private static readonly string[] s_keys = ["verdict", "score", "quotes", "explanation"];

    private static readonly JsonDocumentOptions s_strict = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 4 };

    public static JudgeVerdict Parse(string? answer)
    {
        if (string.IsNullOrWhiteSpace(answer))
            return JudgeVerdict.Malformed("the answer is empty");
        var text = answer.Trim();
        if (text[0] != '{')
            return JudgeVerdict.Malformed("the answer does not start with a JSON object");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, s_strict);
        }
        catch (JsonException e)
        {
            return JudgeVerdict.Malformed($"the answer is not one JSON object (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1})");
        }

        using (document)
            return Read(document.RootElement);
    }

    private static JudgeVerdict Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            return JudgeVerdict.Malformed("the answer is not a JSON object");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (!s_keys.Contains(property.Name))
                return JudgeVerdict.Malformed($"unexpected key '{property.Name}'; the keys are verdict, score, quotes and explanation");
            if (!seen.Add(property.Name))
                return JudgeVerdict.Malformed($"key '{property.Name}' appears twice");
        }

        if (s_keys.FirstOrDefault(k => !seen.Contains(k)) is { } missing)
            return JudgeVerdict.Malformed($"key '{missing}' is missing");

        var verdict = root.GetProperty("verdict");
        JudgeOutcome outcome;
        if (verdict.ValueKind == JsonValueKind.String && verdict.GetString() == "fail")
            outcome = JudgeOutcome.Fail;
        else if (verdict.ValueKind == JsonValueKind.String && verdict.GetString() == "pass")
            outcome = JudgeOutcome.Pass;
        else
            return JudgeVerdict.Malformed("'verdict' must be \"fail\" or \"pass\"");

        var score = root.GetProperty("score");
        if (score.ValueKind != JsonValueKind.Number || !score.TryGetDouble(out var value) || !(value is >= 0 and <= 1))
            return JudgeVerdict.Malformed("'score' must be a number from 0 to 1");

        var quotes = root.GetProperty("quotes");
        if (quotes.ValueKind != JsonValueKind.Array || quotes.EnumerateArray().Any(q => q.ValueKind != JsonValueKind.String))
            return JudgeVerdict.Malformed("'quotes' must be a list of strings");

        var explanation = root.GetProperty("explanation");
        if (explanation.ValueKind != JsonValueKind.String)
            return JudgeVerdict.Malformed("'explanation' must be a string");

        return new JudgeVerdict(outcome, value, [.. quotes.EnumerateArray().Select(q => q.GetString()!)], explanation.GetString(), null);
    }
}
