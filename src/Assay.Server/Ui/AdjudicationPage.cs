using Assay.Policy;
using Assay.Review;

namespace Assay.Server.Ui;

/// <summary>The adjudication page for leads: a task whose labels disagree, the labels side by side, and the form to decide.</summary>
internal static class AdjudicationPage
{
    public static string Render(PageFrame frame, ReviewTask? task, IReadOnlyList<Label> labels, IReadOnlyList<FailureCategory> taxonomy, string? status = null, string? error = null, LabelDraft? draft = null)
    {
        var html = new HtmlBuilder();
        Layout.Begin(html, "Adjudicate", frame);
        html.Raw("<h1>Adjudicate</h1>");
        ReviewPage.Messages(html, status, error);
        if (task is null)
        {
            html.Raw("<p>No disagreement waits for a decision. <a href=\"/ui/\">Back to the queue</a>.</p>");
            Layout.End(html);
            return html.ToString();
        }

        html.Raw("<section aria-labelledby=\"labels-h\"><h2 id=\"labels-h\">The labels that disagree</h2><div class=\"columns\">");
        foreach (var label in labels)
        {
            html.Raw("<article class=\"label\"><h3>").Text(label.Reviewer).Raw("</h3><dl><dt>Categories</dt><dd>");
            if (label.Verdict.NoFailure)
                html.Raw("no failure");
            else
                html.Text(string.Join(", ", label.Verdict.Categories.Order(StringComparer.Ordinal)));
            html.Raw("</dd><dt>Severity</dt><dd>").Text(label.Verdict.Severity?.ToString().ToLowerInvariant() ?? "not given")
                .Raw("</dd><dt>Note</dt><dd>").Text(label.Verdict.Note ?? "none").Raw("</dd><dt>Time spent</dt><dd>");
            if (label.Seconds is { } seconds)
                html.Decimal(seconds).Raw(" s");
            else
                html.Raw("not reported");
            html.Raw("</dd></dl></article>");
        }

        html.Raw("</div></section>");
        TaskSection.Write(html, task, taxonomy);
        html.Raw("<h2>Your decision</h2>");
        LabelForm.Write(html, frame, $"/ui/adjudicate/{task.TaskId}", "Failures present", "Decide and load the next disagreement", taxonomy, draft);
        Layout.End(html);
        return html.ToString();
    }
}
