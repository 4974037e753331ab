using Assay.Assurance;

namespace Assay.Server.Ui;

/// <summary>The assurance metrics page: rule precision, recall on the audit sample and prevalence, each with its reliability.</summary>
internal static class MetricsPage
{
    public static string Render(PageFrame frame, AssuranceReport report, DateTimeOffset from, DateTimeOffset to)
    {
        var html = new HtmlBuilder(8 * 1024);
        Layout.Begin(html, "Assurance metrics", frame);
        html.Raw("<h1>Assurance metrics</h1><p>From ").Text(from.ToString("u")).Raw(" to ").Text(to.ToString("u")).Raw(": ")
            .Number(report.Reviewed).Raw(" reviewed items, ").Number(report.Decided).Raw(" decided, ").Number(report.Pending)
            .Raw(" pending, out of ").Number(report.Population).Raw(" interactions. Intervals are 95%.</p>");
        html.Raw("<table><caption>Rule precision</caption><thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">Category</th><th scope=\"col\">Precision</th>")
            .Raw("<th scope=\"col\">Sample</th><th scope=\"col\">Reliability</th></tr></thead><tbody>");
        foreach (var p in report.Precision)
        {
            html.Raw("<tr><th scope=\"row\">").Text(p.Rule).Raw("</th><td>").Text(p.Category).Raw("</td><td>");
            AgreementPage.Interval(html, p.Precision);
            html.Raw("</td><td>").Number(p.Precision.SampleSize).Raw("</td><td>");
            Layout.Reliability(html, p.Reliability);
            html.Raw("</td></tr>");
        }

        html.Raw("</tbody></table><table><caption>Recall and false-negative rate (audit sample)</caption><thead><tr><th scope=\"col\">Category</th>")
            .Raw("<th scope=\"col\">Recall</th><th scope=\"col\">False-negative rate</th><th scope=\"col\">Audit items</th><th scope=\"col\">Reliability</th></tr></thead><tbody>");
        foreach (var r in report.Recall.Prepend(report.OverallRecall))
        {
            html.Raw("<tr><th scope=\"row\">").Text(r.Category).Raw("</th><td>");
            AgreementPage.Interval(html, r.Recall);
            html.Raw("</td><td>");
            AgreementPage.Interval(html, r.FalseNegativeRate);
            html.Raw("</td><td>").Number(r.AuditReviewed).Raw("</td><td>");
            Layout.Reliability(html, r.Reliability);
            html.Raw("</td></tr>");
        }

        html.Raw("</tbody></table><table><caption>Prevalence across all traffic</caption><thead><tr><th scope=\"col\">Category</th>")
            .Raw("<th scope=\"col\">Prevalence</th><th scope=\"col\">Sample</th><th scope=\"col\">Reliability</th></tr></thead><tbody>");
        foreach (var p in report.Prevalence.Prepend(report.OverallPrevalence))
        {
            html.Raw("<tr><th scope=\"row\">").Text(p.Category).Raw("</th><td>");
            AgreementPage.Interval(html, p.Prevalence);
            html.Raw("</td><td>").Number(p.Prevalence.SampleSize).Raw("</td><td>");
            Layout.Reliability(html, p.Reliability);
            html.Raw("</td></tr>");
        }

        html.Raw("</tbody></table>");
        Layout.End(html);
        return html.ToString();
    }
}
