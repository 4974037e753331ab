using System.Globalization;
using Assay.Pipeline;
using Assay.Routing;
using Assay.Storage;
using Microsoft.AspNetCore.Http;

namespace Assay.Server.Ui;

/// <summary>The Interactions page: a filter form with a search box and one page of matching interactions, newest first.</summary>
/// <remarks>Shows what <c>GET /v1/interactions</c> returns for the same query string; never a reviewer's label.</remarks>
internal static class InteractionsPage
{
    private const int PreviewLength = 120;

    /// <param name="query">The submitted filters (empty fields already dropped), shown again in the form and carried to the next page.</param>
    /// <param name="page">The page to list; null when the filters were refused with <paramref name="error"/>.</param>
    public static string Render(PageFrame frame, IReadOnlyDictionary<string, string> query, FlagVocabulary vocabulary, InteractionPage? page, string? error)
    {
        var html = new HtmlBuilder(32 * 1024);
        Layout.Begin(html, "Interactions", frame);
        html.Raw("<h1>Interactions</h1>");
        Form(html, query, vocabulary);
        ReviewPage.Messages(html, null, error);
        if (page is not null)
            Table(html, query, page);
        Layout.End(html);
        return html.ToString();
    }

    private static void Form(HtmlBuilder html, IReadOnlyDictionary<string, string> query, FlagVocabulary vocabulary)
    {
        string Value(string name) => query.TryGetValue(name, out var value) ? value : "";
        void Field(string name, string label, string type = "text", string? hint = null)
        {
            html.Raw("<span class=\"field\"><label").Attribute("for", "f-" + name).Raw(">").Text(label).Raw("</label> <input").Attribute("type", type)
                .Attribute("name", name).Attribute("id", "f-" + name).Attribute("value", Value(name));
            if (hint is not null)
                html.Attribute("placeholder", hint);
            html.Raw("></span> ");
        }

        void Select(string name, string label, IEnumerable<(string Value, string Text)> options)
        {
            // A label of its own rather than around the select, so that its name is the label alone, not the options too.
            html.Raw("<span class=\"field\"><label").Attribute("for", "f-" + name).Raw(">").Text(label).Raw("</label> <select").Attribute("name", name)
                .Attribute("id", "f-" + name).Raw("><option value=\"\">any</option>");
            foreach (var (value, text) in options)
            {
                html.Raw("<option").Attribute("value", value);
                if (Value(name) == value)
                    html.Raw(" selected");
                html.Raw(">").Text(text).Raw("</option>");
            }

            html.Raw("</select></span> ");
        }

        html.Raw("<form method=\"get\" action=\"/ui/interactions\" role=\"search\" class=\"filters\"><p>");
        Field("q", "Words", "search", "all of these words");
        html.Raw("</p><p>");
        Field("from", "From (UTC)", "datetime-local");
        Field("to", "To (UTC)", "datetime-local");
        Field("project", "Project");
        Field("model", "Model");
        Field("model_version", "Version");
        Field("session", "Session");
        html.Raw("</p><p>");
        Select("tier", "Tier", Enum.GetValues<Tier>().Select(t => (t.ToString().ToLowerInvariant(), t.ToString().ToLowerInvariant())));
        Select("flagged", "Flagged", [("true", "yes"), ("false", "no")]);
        Select("category", "Category", vocabulary.Categories.Select(c => (c, c)));
        Select("rule", "Rule", vocabulary.Rules.Select(r => (r, r)));
        html.Raw("<button type=\"submit\">Filter</button> <a href=\"/ui/interactions\">Clear</a></p></form>");
    }

    private static void Table(HtmlBuilder html, IReadOnlyDictionary<string, string> query, InteractionPage page)
    {
        html.Raw("<table id=\"interactions\"><caption>Newest first</caption><thead><tr><th scope=\"col\">Time (UTC)</th><th scope=\"col\">Id</th>")
            .Raw("<th scope=\"col\">Model / version</th><th scope=\"col\">Project</th><th scope=\"col\">Tier</th><th scope=\"col\">Flags</th>")
            .Raw("<th scope=\"col\">Response</th></tr></thead><tbody>");
        foreach (var item in page.Items)
        {
            var interaction = item.Stored.Interaction;
            html.Raw("<tr><td>").Text(interaction.Timestamp?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "")
                .Raw("</td><td><a").Attribute("href", "/ui/interactions/" + Uri.EscapeDataString(interaction.Id)).Raw(">").Text(interaction.Id).Raw("</a></td><td>")
                .Text(interaction.Model).Raw(" / ").Text(interaction.ModelVersion ?? "—").Raw("</td><td>").Text(interaction.Metadata.Project ?? "—")
                .Raw("</td><td>").Text(item.Tier?.ToString().ToLowerInvariant() ?? (item.Stored.ProcessedPolicy is null ? "pending" : "—")).Raw("</td><td>");
            html.Text(item.Flags.Count == 0 ? "—" : string.Join(", ", item.Flags.Select(f => f.Rule).Distinct(StringComparer.Ordinal)));
            html.Raw("</td><td>").Text(Preview(interaction.Response)).Raw("</td></tr>");
        }

        if (page.Items.Count == 0)
            html.Raw("<tr><td colspan=\"7\">No interaction matches these filters.</td></tr>");
        html.Raw("</tbody></table>");
        if (page.Next is not null)
        {
            var next = query.Where(p => p.Key != "cursor").Append(new KeyValuePair<string, string>("cursor", page.Next));
            html.Raw("<p><a id=\"next-page\"").Attribute("href", "/ui/interactions" + QueryString.Create(next!).ToUriComponent()).Raw(">Next page</a></p>");
        }
    }

    /// <summary>The first characters of a response on one line, cut off a surrogate pair's halves.</summary>
    private static string Preview(string text)
    {
        var line = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (line.Length <= PreviewLength)
            return line;
        var cut = char.IsHighSurrogate(line[PreviewLength - 1]) ? PreviewLength - 1 : PreviewLength;
        return line[..cut] + "…";
    }
}
