using Assay.Domain;
using Assay.Policy;
using Assay.Review;

namespace Assay.Server.Ui;

/// <summary>Writes a task's interaction (input, response, reasoning, evidence highlighted), its flags and the taxonomy at hand.</summary>
internal static class TaskSection
{
    public static void Write(HtmlBuilder html, ReviewTask task, IReadOnlyList<FailureCategory> taxonomy)
    {
        var interaction = task.Interaction;
        html.Raw("<p>Task ").Number(task.TaskId).Raw(" · tier <strong>").Text(task.Tier.ToString().ToLowerInvariant()).Raw("</strong> · ")
            .Text(task.Reason).Raw(" · model ").Text(interaction.Model).Raw(" · interaction <code>").Text(interaction.Id).Raw("</code></p>");

        html.Raw("<section aria-labelledby=\"input-h\"><h2 id=\"input-h\">Input</h2>");
        for (var i = 0; i < interaction.Input.Count; i++)
        {
            var message = interaction.Input[i];
            html.Raw("<h3>").Number(i + 1).Raw(". ").Text(message.Role.ToString().ToLowerInvariant()).Raw("</h3><pre class=\"text\" data-field=\"input\">");
            EvidenceHighlighter.Write(html, message.Content, EvidenceHighlighter.SpansFor(task.Flags, TextField.Input, i, message.Content));
            html.Raw("</pre>");
        }

        html.Raw("</section><section aria-labelledby=\"response-h\"><h2 id=\"response-h\">Response</h2><pre class=\"text\" id=\"response\">");
        EvidenceHighlighter.Write(html, interaction.Response, EvidenceHighlighter.SpansFor(task.Flags, TextField.Response, null, interaction.Response));
        html.Raw("</pre></section>");
        if (interaction.Reasoning is { Length: > 0 } reasoning)
        {
            html.Raw("<section aria-labelledby=\"reasoning-h\"><h2 id=\"reasoning-h\">Reasoning</h2><pre class=\"text\" id=\"reasoning\">");
            EvidenceHighlighter.Write(html, reasoning, EvidenceHighlighter.SpansFor(task.Flags, TextField.Reasoning, null, reasoning));
            html.Raw("</pre></section>");
        }

        html.Raw("<section aria-labelledby=\"flags-h\"><h2 id=\"flags-h\">Flags</h2>");
        if (task.Flags.Count == 0)
            html.Raw("<p>No automated flags: this item was sampled for audit or routed by its input.</p>");
        else
        {
            html.Raw("<ul>");
            foreach (var flag in task.Flags)
            {
                html.Raw("<li><strong>").Text(flag.Rule).Raw("</strong> · ").Text(flag.Category).Raw(" · ")
                    .Text(flag.Severity.ToString().ToLowerInvariant()).Raw(" — ").Text(flag.Explanation).Raw("</li>");
            }

            html.Raw("</ul>");
        }

        html.Raw("</section><details><summary>Taxonomy definitions</summary><dl>");
        foreach (var category in taxonomy)
        {
            html.Raw("<dt>").Text(category.Name).Raw(" <code>").Text(category.Id).Raw("</code> (")
                .Text(category.Severity.ToString().ToLowerInvariant()).Raw(")</dt><dd>").Text(category.Definition).Raw("</dd>");
        }

        html.Raw("</dl></details>");
    }
}
