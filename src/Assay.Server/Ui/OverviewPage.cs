using System.Globalization;
using Assay.Review;

namespace Assay.Server.Ui;

/// <summary>The queue overview: the oldest waiting task, backlog and age per tier, open tasks by category and age, and the way to the next task.</summary>
/// <remarks>
/// Two ages are meant and named apart: task age counts from when the interaction was routed to review (what reviewers
/// control), interaction age from when it happened (a history ingested late is old on arrival).
/// </remarks>
internal static class OverviewPage
{
    public static string Render(PageFrame frame, QueueOverview overview, IReadOnlyList<TierBacklog> backlog, DateTimeOffset now)
    {
        var html = new HtmlBuilder(8 * 1024);
        Layout.Begin(html, "Queue", frame);
        html.Raw("<h1>Review queue</h1><p><a class=\"button\" href=\"/ui/review\" id=\"next-task\">Next task</a>");
        if (frame.IsLead)
            html.Raw(" <a class=\"button\" href=\"/ui/adjudicate\">Adjudicate (").Number(overview.AwaitingAdjudication).Raw(" waiting)</a>");
        html.Raw("</p><p>").Number(backlog.Sum(t => t.Open)).Raw(" tasks wait for labels; ").Number(overview.AwaitingAdjudication).Raw(" await adjudication; ")
            .Number(overview.Done).Raw(" are done. <em>Task age</em> counts from when an interaction was routed to review, <em>interaction age</em> from when it happened.</p>");
        if (backlog.MinBy(t => (t.OldestRoutedAt, t.OldestTaskId)) is { } oldest)
        {
            html.Raw("<p id=\"oldest-waiting\">Oldest waiting: task ").Number(oldest.OldestTaskId).Raw(" (").Text(Tier(oldest)).Raw("), routed to review ")
                .Text(Age(now - oldest.OldestRoutedAt)).Raw(" ago.</p>");
        }

        html.Raw("<table id=\"backlog\"><caption>Backlog by tier</caption><thead><tr><th scope=\"col\">Tier</th><th scope=\"col\">Open tasks</th>")
            .Raw("<th scope=\"col\">Oldest task age</th><th scope=\"col\">Oldest interaction age</th></tr></thead><tbody>");
        foreach (var tier in backlog)
        {
            html.Raw("<tr><th scope=\"row\">").Text(Tier(tier)).Raw("</th><td>").Number(tier.Open).Raw("</td><td>").Text(Age(now - tier.OldestRoutedAt))
                .Raw("</td><td>").Text(Age(now - tier.OldestOccurredAt)).Raw("</td></tr>");
        }

        if (backlog.Count == 0)
            html.Raw("<tr><td colspan=\"4\">Nothing waits for labels.</td></tr>");
        html.Raw("</tbody></table><div class=\"columns\">");
        Table(html, "Open tasks by flagged category", "Category", overview.OpenByCategory.Select(p => (p.Key, p.Value)));
        Table(html, "Open tasks by task age (since routed to review)", "Task age", overview.ByAge.Select(p => (p.Key, p.Value)));
        html.Raw("</div>");
        Layout.End(html);
        return html.ToString();
    }

    /// <summary>A duration in words at the precision a queue needs: "under 1 min", "42 min", "5 h 12 min", "3 d 4 h".</summary>
    public static string Age(TimeSpan age) => age switch
    {
        { TotalMinutes: < 1 } => "under 1 min",
        { TotalHours: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalMinutes} min"),
        { TotalDays: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalHours} h {age.Minutes} min"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalDays} d {age.Hours} h"),
    };

    private static string Tier(TierBacklog tier) => tier.Tier.ToString().ToLowerInvariant();

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
