using Assay.Domain;

namespace Assay.Judging;

/// <summary>Finds a judge's quotes in the interaction, so its evidence points at text a reviewer can see highlighted.</summary>
/// <remarks>
/// Verbatim only (ordinal, case and spacing included): a judge that paraphrases, or invents, cannot point at anything, and
/// its quote is reported as unverified rather than matched loosely. Looks in the response, then the reasoning, then the
/// input messages, and takes the first occurrence.
/// </remarks>
public static class QuoteLocator
{
    /// <summary>The evidence spans of the quotes that were found, and the quotes that were not, each in the judge's order.</summary>
    public static (IReadOnlyList<Evidence> Found, IReadOnlyList<string> Unverified) Locate(Interaction interaction, IReadOnlyList<string> quotes)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        ArgumentNullException.ThrowIfNull(quotes);
        var found = new List<Evidence>();
        var unverified = new List<string>();
        foreach (var quote in quotes)
        {
            if (Find(interaction, quote) is { } evidence)
            {
                if (!found.Contains(evidence))
                    found.Add(evidence);
            }
            else
            {
                unverified.Add(quote);
            }
        }

        return (found, unverified);
    }

    private static Evidence? Find(Interaction interaction, string quote)
    {
        if (string.IsNullOrWhiteSpace(quote))
            return null;
        if (At(interaction.Response, quote) is { } inResponse)
            return new Evidence(TextField.Response, null, inResponse, inResponse + quote.Length, quote);
        if (interaction.Reasoning is { } reasoning && At(reasoning, quote) is { } inReasoning)
            return new Evidence(TextField.Reasoning, null, inReasoning, inReasoning + quote.Length, quote);
        for (var i = 0; i < interaction.Input.Count; i++)
        {
            if (At(interaction.Input[i].Content, quote) is { } inInput)
                return new Evidence(TextField.Input, i, inInput, inInput + quote.Length, quote);
        }

        return null;
    }

    private static int? At(string text, string quote) => text.IndexOf(quote, StringComparison.Ordinal) is >= 0 and var at ? at : null;
}
