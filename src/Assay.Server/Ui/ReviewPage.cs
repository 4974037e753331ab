using Assay.Policy;
using Assay.Review;

namespace Assay.Server.Ui;

/// <summary>The review page: the caller's next task with evidence highlighted and the labelling form.</summary>
internal static class ReviewPage
{
    /// <summary>Renders the page; pure, so that it can be measured on its own.</summary>
    /// <param name="status">A message about the previous submission, or null.</param>
    /// <param name="error">Why the previous submission was refused, or null.</param>
    /// <param name="draft">The refused submission's entries, shown again with <paramref name="error"/>.</param>
    public static string Render(PageFrame frame, ReviewTask? task, IReadOnlyList<FailureCategory> taxonomy, string? status = null, string? error = null, LabelDraft? draft = null)
    {
        var html = new HtmlBuilder(task is null ? 4 * 1024 : 2 * (task.Interaction.Response.Length + (task.Interaction.Reasoning?.Length ?? 0)) + 16 * 1024);
        Layout.Begin(html, "Review", frame);
        html.Raw("<h1>Review</h1>");
        Messages(html, status, error);
        if (task is null)
            html.Raw("<p>Nothing waits for your review. <a href=\"/ui/\">Back to the queue</a>.</p>");
        else
        {
            TaskSection.Write(html, task, taxonomy);
            html.Raw("<h2>Your label</h2><p>Reviewing is blind: you will not see anyone else's label on this task.</p>");
            LabelForm.Write(html, frame, $"/ui/review/{task.TaskId}", "Failures found", "Submit label and load the next task", taxonomy, draft);
        }

        Layout.End(html);
        return html.ToString();
    }

    public static void Messages(HtmlBuilder html, string? status, string? error)
    {
        if (status is not null)
            html.Raw("<p class=\"status\" role=\"status\">").Text(status).Raw("</p>");
        if (error is not null)
            html.Raw("<p class=\"error\" role=\"alert\">").Text(error).Raw("</p>");
    }
}
