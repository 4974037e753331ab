using System.Globalization;
using Assay.Storage;

namespace Assay.Server.Ui;

/// <summary>One interaction as the Interactions page opens it: its facts, texts with evidence highlighted, and its current flags.</summary>
/// <remarks>
/// Nothing of human review is shown (no labels, no task state), so the page is the same for every reviewer and the
/// blind rule holds whatever they open.
/// </remarks>
internal static class InteractionDetailPage
{
    public static string Render(PageFrame frame, InteractionRecord record)
    {
        var stored = record.Stored;
        var interaction = stored.Interaction;
        // The flags of the policy that processed it: what the list shows and what a reviewer would be routed on.
        var flags = record.Flags.Where(f => f.Policy == stored.ProcessedPolicy).ToList();
        var html = new HtmlBuilder(2 * (interaction.Response.Length + (interaction.Reasoning?.Length ?? 0)) + 16 * 1024);
        Layout.Begin(html, "Interaction " + interaction.Id, frame);
        html.Raw("<p><a href=\"/ui/interactions\">← Interactions</a></p><h1>Interaction <code>").Text(interaction.Id).Raw("</code></h1><dl class=\"facts\">");
        void Fact(string name, string? value) => html.Raw("<dt>").Text(name).Raw("</dt><dd>").Text(value ?? "—").Raw("</dd>");
        Fact("Time (UTC)", interaction.Timestamp?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        Fact("Model / version", interaction.Model + " / " + (interaction.ModelVersion ?? "—"));
        Fact("Project", interaction.Metadata.Project);
        Fact("Session", interaction.Metadata.SessionId);
        Fact("Processing", stored.ProcessedPolicy is null ? "pending" : "done, policy " + stored.ProcessedPolicy);
        html.Raw("</dl>");
        InteractionSection.WriteTexts(html, interaction, flags);
        InteractionSection.WriteFlags(html, flags, stored.ProcessedPolicy is null ? "Not processed yet." : "No flags.");
        Layout.End(html);
        return html.ToString();
    }
}
