using Assay.Assurance;
using Assay.Statistics;

namespace Assay.Server.Ui;

/// <summary>The agreement page: alpha and AC1 per category and overall with intervals, per reviewer pair, with reliability in words.</summary>
internal static class AgreementPage
{
    public static string Render(PageFrame frame, AgreementReport report, DateTimeOffset from, DateTimeOffset to)
    {
        var html = new HtmlBuilder(8 * 1024);
        Layout.Begin(html, "Agreement", frame);
        html.Raw("<h1>Reviewer agreement</h1><p>From ").Text(from.ToString("u")).Raw(" to ").Text(to.ToString("u")).Raw(": ")
            .Number(report.Items).Raw(" items with two or more labels, ").Number(report.Reviewers).Raw(" reviewers. Metrics built on labels are marked ")
            .Raw("<strong>unreliable</strong> when alpha is below ").Decimal(report.Threshold).Raw(" and need at least ").Number(report.MinimumItems).Raw(" items.</p>");
        html.Raw("<p id=\"overall-reliability\">Overall: ");
        Layout.Reliability(html, report.Overall.Reliability);
        html.Raw("</p><table><caption>Per category</caption><thead><tr><th scope=\"col\">Category</th><th scope=\"col\">Krippendorff's alpha (95% interval)</th>")
            .Raw("<th scope=\"col\">Gwet's AC1 (95% interval)</th><th scope=\"col\">Items</th><th scope=\"col\">Reliability</th></tr></thead><tbody>");
        Row(html, report.Overall);
        foreach (var measure in report.Categories)
            Row(html, measure);
        html.Raw("</tbody></table>");
        if (report.Answers is { } answers)
            WholeAnswers(html, answers);
        html.Raw("<table><caption>Per reviewer pair</caption><thead><tr><th scope=\"col\">Reviewers</th><th scope=\"col\">Items in common</th>")
            .Raw("<th scope=\"col\">Observed agreement</th><th scope=\"col\">Cohen's kappa (95% interval)</th></tr></thead><tbody>");
        foreach (var pair in report.Pairs)
        {
            html.Raw("<tr><th scope=\"row\">").Text(pair.ReviewerA).Raw(" &amp; ").Text(pair.ReviewerB).Raw("</th><td>").Number(pair.Items)
                .Raw("</td><td>").Decimal(pair.ObservedAgreement).Raw("</td><td>");
            Interval(html, pair.Kappa);
            html.Raw("</td></tr>");
        }

        if (report.Pairs.Count == 0)
            html.Raw("<tr><td colspan=\"4\">No two reviewers have labelled the same item yet.</td></tr>");
        html.Raw("</tbody></table>");
        Layout.End(html);
        return html.ToString();
    }

    /// <summary>Agreement on what reviewers actually give: a set of categories and a severity, each compared whole.</summary>
    private static void WholeAnswers(HtmlBuilder html, AnswerAgreement answers)
    {
        html.Raw("<table id=\"whole-answers\"><caption>Whole answers (Krippendorff's alpha, 95% interval)</caption><thead><tr><th scope=\"col\">Compared as</th>")
            .Raw("<th scope=\"col\">Alpha</th><th scope=\"col\">How two answers differ</th></tr></thead><tbody>");
        AnswerRow(html, "category sets, MASI", answers.Masi, "one seeing more than the other is a partial disagreement (subset 1/3 agreement or more)");
        AnswerRow(html, "category sets, Jaccard", answers.Jaccard, "by the share of categories not in common");
        AnswerRow(html, "exact answer (multi-class)", answers.Exact, "any difference in the set is a full disagreement");
        AnswerRow(html, "severity (ordinal)", answers.Severity, "by how many severity steps apart; no failure < low < medium < high < critical");
        html.Raw("</tbody></table>");
    }

    private static void AnswerRow(HtmlBuilder html, string name, Estimate estimate, string meaning)
    {
        html.Raw("<tr><th scope=\"row\">").Text(name).Raw("</th><td>");
        Interval(html, estimate);
        html.Raw("</td><td>").Text(meaning).Raw("</td></tr>");
    }

    public static void Interval(HtmlBuilder html, Estimate estimate)
    {
        // Interval notation with a true minus sign: "-0.667–0.000" reads as a range of dashes.
        html.Signed(estimate.Value).Raw(" [").Signed(estimate.Low).Raw(", ").Signed(estimate.High).Raw("]");
        if (estimate.Warning is not null)
            html.Raw(" <small>").Text(estimate.Warning).Raw("</small>");
    }

    private static void Row(HtmlBuilder html, AgreementMeasure measure)
    {
        html.Raw("<tr><th scope=\"row\">").Text(measure.Category == AgreementReport.AnyFailure ? "overall (any failure)" : measure.Category).Raw("</th><td>");
        Interval(html, measure.Alpha);
        html.Raw("</td><td>");
        Interval(html, measure.Ac1);
        html.Raw("</td><td>").Number(measure.Items).Raw("</td><td>");
        Layout.Reliability(html, measure.Reliability);
        html.Raw("</td></tr>");
    }
}
