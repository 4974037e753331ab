using Assay.Demo;
using Assay.Statistics;

namespace Assay.Server.Ui;

/// <summary>The metrics page's "demo's injected truth" columns: what <c>assay demo</c>'s generator put into its traffic, beside each estimate, and whether the interval covers it.</summary>
/// <remarks>Drawn only when the database holds a demo's truth and the caller is a lead seeing every project; otherwise the page is as without it.</remarks>
internal sealed class DemoTruthColumn(IReadOnlyList<DemoTruth> truths)
{
    public bool Shown => truths.Count > 0;

    public void Header(HtmlBuilder html, string measure)
    {
        if (Shown)
            html.Raw("<th scope=\"col\" class=\"demo-truth\">Demo's injected ").Text(measure).Raw("</th>");
    }

    /// <summary>The truth of <paramref name="measure"/> for <paramref name="category"/> beside <paramref name="estimate"/>: inside its interval or not (nothing said when there is no interval).</summary>
    public void Cell(HtmlBuilder html, string category, string measure, Estimate estimate)
    {
        if (!Shown)
            return;
        html.Raw("<td class=\"demo-truth\">");
        if (truths.FirstOrDefault(t => t.Category == category && t.Measure == measure) is { } truth)
        {
            html.Decimal(truth.Truth);
            if (double.IsFinite(estimate.Low) && double.IsFinite(estimate.High))
            {
                // The same tolerance as the demo's summary, so that a truth on an interval's end reads as covered in both.
                var covered = truth.Truth >= estimate.Low - 1e-9 && truth.Truth <= estimate.High + 1e-9;
                html.Raw(covered ? " <small>inside the interval</small>" : " <small>outside the interval</small>");
            }
        }

        html.Raw("</td>");
    }

    /// <summary>Says once, above the tables, what the extra columns are.</summary>
    public void Note(HtmlBuilder html)
    {
        if (Shown)
        {
            html.Raw("<p id=\"demo-truth-note\">This database was made by <code>assay demo</code>: beside each estimate is what the demo's generator really injected ")
                .Raw("(real traffic has no such truth). At 95%, about one interval in twenty may miss it by chance.</p>");
        }
    }
}
