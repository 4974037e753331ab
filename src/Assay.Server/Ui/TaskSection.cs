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

        InteractionSection.WriteTexts(html, interaction, task.Flags);
        InteractionSection.WriteFlags(html, task.Flags, "No automated flags: this item was sampled for audit or routed by its input.");
        html.Raw("<details><summary>Taxonomy definitions</summary><dl>");
        foreach (var category in taxonomy)
        {
            html.Raw("<dt>").Text(category.Name).Raw(" <code>").Text(category.Id).Raw("</code> (")
                .Text(category.Severity.ToString().ToLowerInvariant()).Raw(")</dt><dd>").Text(category.Definition).Raw("</dd>");
        }

        html.Raw("</dl></details>");
    }
}
