using Assay.Assurance;
using Assay.Demo;
using Assay.Statistics;

namespace Assay.Server.Ui;

/// <summary>The assurance metrics page: rule precision, recall on the audit sample and prevalence, each with its reliability.</summary>
/// <remarks>
/// The reliability of every metric is that of its category's labels, so the reasons are said once, in the label-reliability
/// table; rows carry only the mark. Rules without a decided sample are listed in one line rather than a row each.
/// </remarks>
internal static class MetricsPage
{
    /// <param name="complete">Items routed to review that hold every label their task asks for, or a decision.</param>
    /// <param name="truth">The demo's injected truth, to show beside the estimates; empty for real traffic (and for anyone but a lead).</param>
    public static string Render(PageFrame frame, AssuranceReport report, int complete, DateTimeOffset from, DateTimeOffset to, DemoTruthColumn truth)
    {
        var html = new HtmlBuilder(8 * 1024);
        Layout.Begin(html, "Assurance metrics", frame);
        html.Raw("<h1>Assurance metrics</h1><p>From ").Text(from.ToString("u")).Raw(" to ").Text(to.ToString("u")).Raw(", out of ")
            .Number(report.Population).Raw(" interactions:</p><ul id=\"review-counts\"><li>").Number(report.Reviewed).Raw(" routed to review</li><li>")
            .Number(complete).Raw(" with all their labels (or a lead's decision)</li><li>").Number(report.Decided)
            .Raw(" decided: labels agree or a lead decided; only these count in the estimates</li><li>").Number(report.Pending)
            .Raw(" pending: waiting for labels or for a lead</li></ul><p>Intervals are 95%.</p>");
        truth.Note(html);
        LabelReliability(html, report.Agreement);
        Precision(html, report);
        Judges(html, report.Judges);
        html.Raw("<div class=\"columns\"><table><caption>Recall and false-negative rate (audit sample)</caption><thead><tr><th scope=\"col\">Category</th>")
            .Raw("<th scope=\"col\">Recall</th>");
        truth.Header(html, "recall");
        html.Raw("<th scope=\"col\">False-negative rate</th>");
        truth.Header(html, "false-negative rate");
        html.Raw("<th scope=\"col\">Audit items</th><th scope=\"col\">Labels</th></tr></thead><tbody>");
        var recall = report.Recall.Prepend(report.OverallRecall).ToList();
        foreach (var r in recall.Where(r => r.AuditReviewed > 0))
        {
            html.Raw("<tr><th scope=\"row\">").Text(r.Category).Raw("</th><td>");
            AgreementPage.Interval(html, r.Recall);
            html.Raw("</td>");
            truth.Cell(html, r.Category, DemoTruth.Recall, r.Recall);
            html.Raw("<td>");
            AgreementPage.Interval(html, r.FalseNegativeRate);
            html.Raw("</td>");
            truth.Cell(html, r.Category, DemoTruth.FalseNegativeRate, r.FalseNegativeRate);
            html.Raw("<td>").Number(r.AuditReviewed).Raw("</td><td>");
            Layout.Reliability(html, r.Reliability, withReason: false);
            html.Raw("</td></tr>");
        }

        Unsampled(html, "recall-unsampled", truth.Shown ? 7 : 5, "No reviewed audit item yet, so no recall", recall.Where(r => r.AuditReviewed == 0).Select(r => r.Category));
        html.Raw("</tbody></table><table><caption>Prevalence across all traffic</caption><thead><tr><th scope=\"col\">Category</th>")
            .Raw("<th scope=\"col\">Prevalence</th>");
        truth.Header(html, "prevalence");
        html.Raw("<th scope=\"col\">Sample</th><th scope=\"col\">Labels</th></tr></thead><tbody>");
        var prevalence = report.Prevalence.Prepend(report.OverallPrevalence).ToList();
        foreach (var p in prevalence.Where(p => p.Prevalence.SampleSize > 0))
        {
            html.Raw("<tr><th scope=\"row\">").Text(p.Category).Raw("</th><td>");
            AgreementPage.Interval(html, p.Prevalence);
            html.Raw("</td>");
            truth.Cell(html, p.Category, DemoTruth.Prevalence, p.Prevalence);
            html.Raw("<td>").Number(p.Prevalence.SampleSize).Raw("</td><td>");
            Layout.Reliability(html, p.Reliability, withReason: false);
            html.Raw("</td></tr>");
        }

        Unsampled(html, "prevalence-unsampled", truth.Shown ? 5 : 4, "No decided item yet, so no prevalence", prevalence.Where(p => p.Prevalence.SampleSize == 0).Select(p => p.Category));
        html.Raw("</tbody></table></div>");
        Layout.End(html);
        return html.ToString();
    }

    /// <summary>Why each category's metrics are reliable or not, said once: categories whose labels have the same reason share a row.</summary>
    private static void LabelReliability(HtmlBuilder html, AgreementReport agreement)
    {
        html.Raw("<table id=\"label-reliability\"><caption>Label reliability (it decides the mark on every metric of a category)</caption><thead><tr>")
            .Raw("<th scope=\"col\">Labels of</th><th scope=\"col\">Reliability</th></tr></thead><tbody>");
        var groups = agreement.Categories.Prepend(agreement.Overall)
            .GroupBy(m => (m.Reliability.Status, Reason: Unnamed(m)))
            .Select(g => (Names: g.Select(m => m.Category == AgreementReport.AnyFailure ? "any failure" : m.Category).ToList(), g.First().Reliability, g.Key.Reason));
        foreach (var (names, reliability, reason) in groups)
        {
            html.Raw("<tr><th scope=\"row\">").Text(string.Join(", ", names)).Raw("</th><td>");
            var shown = names.Count == 1 ? reliability : reliability with { Reason = reason.Replace("'…'", "these categories", StringComparison.Ordinal) };
            Layout.Reliability(html, shown);
            html.Raw("</td></tr>");
        }

        html.Raw("</tbody></table>");
    }

    /// <summary>A reason with the category's own name taken out, so that "nobody ticked 'x'" and "… 'y'" group together.</summary>
    private static string Unnamed(AgreementMeasure measure) => measure.Reliability.Reason.Replace($"'{measure.Category}'", "'…'", StringComparison.Ordinal);

    /// <summary>One row naming every category without a sample, instead of a row of "n/a" each.</summary>
    private static void Unsampled(HtmlBuilder html, string id, int columns, string why, IEnumerable<string> categories)
    {
        var names = categories.ToList();
        if (names.Count > 0)
            html.Raw("<tr").Attribute("id", id).Raw("><td").Attribute("colspan", columns.ToString(System.Globalization.CultureInfo.InvariantCulture)).Raw(">").Text(why).Raw(": ").Text(string.Join(", ", names)).Raw(".</td></tr>");
    }

    /// <summary>Each judge rule as one more rater: its agreement with the humans and its precision and recall against their decision.</summary>
    private static void Judges(HtmlBuilder html, IReadOnlyList<JudgeCalibration> judges)
    {
        if (judges.Count == 0)
            return;
        html.Raw("<table id=\"judges\"><caption>LLM judges against the humans (an unreliable judge's flags route to review but are not counted as detections)</caption><thead><tr>")
            .Raw("<th scope=\"col\">Judge</th><th scope=\"col\">Category</th><th scope=\"col\">Krippendorff's α</th><th scope=\"col\">Gwet's AC1</th>")
            .Raw("<th scope=\"col\">Cohen's κ</th><th scope=\"col\">Precision</th><th scope=\"col\">Recall</th><th scope=\"col\">Items</th>")
            .Raw("<th scope=\"col\">Malformed</th><th scope=\"col\">Reliability</th></tr></thead><tbody>");
        foreach (var j in judges)
        {
            html.Raw("<tr><th scope=\"row\">").Text(j.Judge).Raw("</th><td>").Text(j.Category).Raw("</td>");
            foreach (var estimate in (Estimate[])[j.Alpha, j.Ac1, j.Kappa, j.Precision, j.Recall])
            {
                html.Raw("<td>");
                AgreementPage.Interval(html, estimate);
                html.Raw("</td>");
            }

            html.Raw("<td>").Number(j.Items).Raw("</td><td>").Number(j.Malformed).Raw("</td><td>");
            Layout.Reliability(html, j.Reliability);
            html.Raw("</td></tr>");
        }

        html.Raw("</tbody></table>");
    }

    private static void Precision(HtmlBuilder html, AssuranceReport report)
    {
        var sampled = report.Precision.Where(p => p.Precision.SampleSize > 0).ToList();
        html.Raw("<table id=\"precision\"><caption>Rule precision</caption><thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">Category</th><th scope=\"col\">Precision</th>")
            .Raw("<th scope=\"col\">Sample</th><th scope=\"col\">Labels</th></tr></thead><tbody>");
        foreach (var p in sampled)
        {
            html.Raw("<tr><th scope=\"row\">").Text(p.Rule).Raw("</th><td>").Text(p.Category).Raw("</td><td>");
            AgreementPage.Interval(html, p.Precision);
            html.Raw("</td><td>").Number(p.Precision.SampleSize).Raw("</td><td>");
            Layout.Reliability(html, p.Reliability, withReason: false);
            html.Raw("</td></tr>");
        }

        if (sampled.Count == 0)
            html.Raw("<tr><td colspan=\"5\">No rule has a decided sample yet.</td></tr>");
        html.Raw("</tbody></table>");
        var unsampled = report.Precision.Where(p => p.Precision.SampleSize == 0).Select(p => p.Rule).Distinct(StringComparer.Ordinal).ToList();
        if (unsampled.Count > 0)
            html.Raw("<p id=\"unsampled-rules\">No decided sample yet, so no precision: ").Text(string.Join(", ", unsampled)).Raw(".</p>");
    }
}
