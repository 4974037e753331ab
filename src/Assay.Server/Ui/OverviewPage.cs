using Assay.Review;

namespace Assay.Server.Ui;

/// <summary>The queue overview: open tasks by tier, category and age, and the way to the next task.</summary>
internal static class OverviewPage
{
    public static string Render(PageFrame frame, QueueOverview overview)
    {
        var html = new HtmlBuilder(8 * 1024);
        Layout.Begin(html, "Queue", frame);
        html.Raw("<h1>Review queue</h1><p><a class=\"button\" href=\"/ui/review\" id=\"next-task\">Next task</a>");
        if (frame.IsLead)
            html.Raw(" <a class=\"button\" href=\"/ui/adjudicate\">Adjudicate (").Number(overview.AwaitingAdjudication).Raw(" waiting)</a>");
        html.Raw("</p><p>").Number(overview.AwaitingAdjudication).Raw(" tasks await adjudication; ").Number(overview.Done).Raw(" are done.</p>");
        Table(html, "By tier", "Tier", overview.OpenByTier.Select(p => (p.Key.ToString().ToLowerInvariant(), p.Value)));
        Table(html, "By flagged category", "Category", overview.OpenByCategory.Select(p => (p.Key, p.Value)));
        Table(html, "By age", "Age", overview.ByAge.Select(p => (p.Key, p.Value)));
        Layout.End(html);
        return html.ToString();
    }

    private static void Table(HtmlBuilder html, string caption, string header, IEnumerable<(string Name, int Count)> rows)
    {
        html.Raw("<table><caption>").Text(caption).Raw("</caption><thead><tr><th scope=\"col\">").Text(header)
            .Raw("</th><th scope=\"col\">Open tasks</th></tr></thead><tbody>");
        var any = false;
        foreach (var (name, count) in rows)
        {
            html.Raw("<tr><th scope=\"row\">").Text(name).Raw("</th><td>").Number(count).Raw("</td></tr>");
            any = true;
        }

        if (!any)
            html.Raw("<tr><td colspan=\"2\">none</td></tr>");
        html.Raw("</tbody></table>");
    }
}
