using Assay.Domain;

namespace Assay.Server.Ui;

/// <summary>Writes an interaction's input messages, response and reasoning with its flags' evidence highlighted, and its flags.</summary>
/// <remarks>Shared by the review pages and the Interactions page, so evidence reads the same wherever an interaction is shown.</remarks>
internal static class InteractionSection
{
    public static void WriteTexts(HtmlBuilder html, Interaction interaction, IReadOnlyList<Flag> flags)
    {
        html.Raw("<section aria-labelledby=\"input-h\"><h2 id=\"input-h\">Input</h2>");
        for (var i = 0; i < interaction.Input.Count; i++)
        {
            var message = interaction.Input[i];
            html.Raw("<h3>").Number(i + 1).Raw(". ").Text(message.Role.ToString().ToLowerInvariant()).Raw("</h3><pre class=\"text\" data-field=\"input\">");
            EvidenceHighlighter.Write(html, message.Content, EvidenceHighlighter.SpansFor(flags, TextField.Input, i, message.Content));
            html.Raw("</pre>");
        }

        html.Raw("</section><section aria-labelledby=\"response-h\"><h2 id=\"response-h\">Response</h2><pre class=\"text\" id=\"response\">");
        EvidenceHighlighter.Write(html, interaction.Response, EvidenceHighlighter.SpansFor(flags, TextField.Response, null, interaction.Response));
        html.Raw("</pre></section>");
        if (interaction.Reasoning is { Length: > 0 } reasoning)
        {
            html.Raw("<section aria-labelledby=\"reasoning-h\"><h2 id=\"reasoning-h\">Reasoning</h2><pre class=\"text\" id=\"reasoning\">");
            EvidenceHighlighter.Write(html, reasoning, EvidenceHighlighter.SpansFor(flags, TextField.Reasoning, null, reasoning));
            html.Raw("</pre></section>");
        }
    }

    /// <param name="none">What to say when there is no flag.</param>
    public static void WriteFlags(HtmlBuilder html, IReadOnlyList<Flag> flags, string none)
    {
        html.Raw("<section aria-labelledby=\"flags-h\"><h2 id=\"flags-h\">Flags</h2>");
        if (flags.Count == 0)
            html.Raw("<p>").Text(none).Raw("</p>");
        else
        {
            html.Raw("<ul id=\"flags\">");
            foreach (var flag in flags)
            {
                html.Raw("<li><strong>").Text(flag.Rule).Raw("</strong> · ").Text(flag.Category).Raw(" · ")
                    .Text(flag.Severity.ToString().ToLowerInvariant()).Raw(" — ").Text(flag.Explanation).Raw("</li>");
            }

            html.Raw("</ul>");
        }

        html.Raw("</section>");
    }
}
