using Assay.Reporting;
using Assay.Server.Ui;

namespace Assay.Server.Dashboard;

/// <summary>The dashboard as HTML: the UI page (shared layout, range selector, export link) and the exported report (one self-contained file).</summary>
/// <remarks>Charts are inline SVG with presentation attributes only, so the page's Content-Security-Policy needs no allowance for them.</remarks>
internal static class DashboardPage
{
    // The exported file has no server around it: one inline style, and a policy that forbids everything else.
    private const string ExportStyle = """
        body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#1a1a1a;background:#fff}
        table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:left;vertical-align:top}
        .chart{margin:0 0 1.5rem}.chart svg{width:100%;height:auto;display:block}.chart figcaption{font-size:.85rem;color:#444;max-width:45rem}
        """;

    public static string Render(PageFrame frame, DashboardView view)
    {
        var html = new HtmlBuilder(256 * 1024);
        Layout.Begin(html, "Dashboard", frame);
        html.Raw("<h1>Monitoring dashboard</h1>");
        RangeSelector(html, view.Range.Hours);
        html.Raw(" <a class=\"button\" id=\"export\" href=\"/ui/dashboard/export?hours=").Number(view.Range.Hours).Raw("\">Export report</a></p>");
        Body(html, view);
        Layout.End(html);
        return html.ToString();
    }

    /// <summary>The page for a <c>hours</c> value that is not offered, with the choices that are.</summary>
    public static string Invalid(PageFrame frame)
    {
        var html = new HtmlBuilder(4 * 1024);
        Layout.Begin(html, "Dashboard", frame);
        html.Raw("<h1>Monitoring dashboard</h1>");
        ReviewPage.Messages(html, null, $"'hours' {DashboardRange.Invalid}.");
        RangeSelector(html, null);
        html.Raw("</p>");
        Layout.End(html);
        return html.ToString();
    }

    /// <summary>The report as one HTML file: inline style and SVG, no script, no outside reference.</summary>
    public static string Export(DashboardView view, string exportedBy, DateTimeOffset exportedAt)
    {
        var html = new HtmlBuilder(256 * 1024);
        html.Raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
            .Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Assay monitoring report, ").Text(DashboardRange.Words(view.Range.Hours))
            .Raw("</title><style>").Raw(ExportStyle).Raw("</style></head><body><main><h1>Assay monitoring report</h1><p>Exported ")
            .Text(TimeTicks.Format(exportedAt)).Raw(" UTC by ").Text(exportedBy)
            .Text(view.Project == Assay.Review.ApiKey.AllProjects ? " (all projects)" : $" (project {view.Project})").Raw(".</p>");
        Body(html, view);
        return html.Raw("</main></body></html>").ToString();
    }

    private static void RangeSelector(HtmlBuilder html, int? current)
    {
        html.Raw("<p><span id=\"range-label\">Range:</span> <span role=\"group\" aria-labelledby=\"range-label\">");
        foreach (var hours in DashboardRange.Choices)
        {
            var words = DashboardRange.Words(hours);
            html.Raw(" <a href=\"/ui/dashboard?hours=").Number(hours).Raw("\"");
            html.Raw(hours == current ? " aria-current=\"page\"><strong>" : ">").Text(words).Raw(hours == current ? "</strong></a>" : "</a>");
        }

        html.Raw("</span>");
    }

    private static void Body(HtmlBuilder html, DashboardView view)
    {
        var range = view.Range;
        var words = DashboardRange.Words(range.Hours);
        html.Raw("<p>").Text(char.ToUpperInvariant(words[0]) + words[1..]).Raw(": ").Text(TimeTicks.Format(range.From)).Raw(" to ")
            .Text(TimeTicks.Format(range.To)).Raw(" UTC. Traffic charts use buckets of ").Text(range.Traffic.WidthText).Raw(", review charts ")
            .Text(range.Review.WidthText).Raw(". Shaded bands are 95% intervals; dashed red lines mark alerts firing.");
        if (view.Project != Assay.Review.ApiKey.AllProjects)
            html.Raw(" Everything here is project ").Text(view.Project).Raw(" only.");
        html.Raw("</p>");
        AlertPanel.Write(html, view);
        Section(html, "traffic", "Traffic", view.Charts.Where(c => DashboardCharts.Traffic.Contains(c.Id)));
        Section(html, "review", "Review", view.Charts.Where(c => DashboardCharts.Review.Contains(c.Id)));
    }

    private static void Section(HtmlBuilder html, string id, string heading, IEnumerable<TimeSeriesChart> charts)
    {
        html.Raw("<section aria-labelledby=\"").Raw(id).Raw("-h\"><h2 id=\"").Raw(id).Raw("-h\">").Text(heading).Raw("</h2>");
        foreach (var chart in charts)
        {
            // The SVG is built from constants and escaped values by SvgLineChart (well-formed XML, checked by its tests).
            html.Raw("<figure class=\"chart\"").Attribute("id", "fig-" + chart.Id).Raw(">").Raw(SvgLineChart.Render(chart))
                .Raw("<figcaption>").Text(chart.Description).Raw("</figcaption></figure>");
        }

        html.Raw("</section>");
    }
}
