using System.Globalization;
using Assay.Server.Auth;
using Assay.Server.Policies;
using Assay.Server.Queries;
using Assay.Server.Reports;
using Assay.Storage;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Assay.Server.Ui;

/// <summary>
/// The UI's governance pages: the policy versions and the audit log (admins for every project, as their API), and the
/// report of a window (leads and admins), the same bytes <c>GET /v1/reports</c> answers.
/// </summary>
internal static class GovernanceUiEndpoints
{
    /// <summary>How many of the newest audit entries the page shows; the whole log is <c>GET /v1/audit</c> and <c>assay audit export</c>.</summary>
    public const int AuditEntries = 100;

    public static void MapGovernancePages(this RouteGroupBuilder ui)
    {
        ui.MapGet("/policies", PoliciesAsync).RequireAuthorization(UiAuthentication.Admin);
        ui.MapGet("/audit", AuditAsync).RequireAuthorization(UiAuthentication.Admin);
        ui.MapGet("/report", ReportAsync).RequireAuthorization(UiAuthentication.Lead);
    }

    private static async Task<IResult> PoliciesAsync(HttpContext context, IAntiforgery antiforgery, IPolicyStore store, LivePolicy live)
    {
        var frame = UiResponse.Frame(context, antiforgery);
        if (Forbidden(context, frame) is { } forbidden)
            return forbidden;
        var versions = await store.ListAsync(200, null, context.RequestAborted);
        var html = new HtmlBuilder();
        Layout.Begin(html, "Policy versions", frame);
        html.Raw("<h1>Policy versions</h1><p>Every policy this deployment has run or been given, newest upload first. The running one is marked; ")
            .Raw("upload and activate with <code>assay policy activate FILE --server URL</code> or <code>POST /v1/policies</code> (docs/POLICY.md).</p>")
            .Raw("<table id=\"policies\"><thead><tr><th>version</th><th>source</th><th>uploaded</th><th>by</th><th>activations</th><th>state</th></tr></thead><tbody>");
        foreach (var version in versions)
        {
            html.Raw("<tr><td><code>").Text(version.Hash[..16]).Raw("</code></td><td>").Text(version.Source).Raw("</td><td>").Text(Time(version.UploadedAt))
                .Raw("</td><td>").Text(version.UploadedBy.Name).Raw("</td><td>");
            html.Text(version.Activations.Count == 0 ? "never" : string.Join("; ", version.Activations.Select(a => $"{Time(a.ActivatedAt)} by {a.ActivatedBy.Name}")));
            html.Raw("</td><td>").Raw(version.Hash == live.Policy.Hash ? "<strong>running</strong>" : "").Raw("</td></tr>");
        }

        html.Raw("</tbody></table>");
        Layout.End(html);
        return UiResponse.Html(context, frame, html.ToString());
    }

    private static async Task<IResult> AuditAsync(HttpContext context, IAntiforgery antiforgery, IAuditStore audit)
    {
        var frame = UiResponse.Frame(context, antiforgery);
        if (Forbidden(context, frame) is { } forbidden)
            return forbidden;
        var head = await audit.HeadAsync(context.RequestAborted);
        var entries = new List<Assay.Audit.AuditEntry>();
        if (head is not null)
        {
            await foreach (var entry in audit.ReadChainAsync(Math.Max(0, head.Seq - AuditEntries), context.RequestAborted))
                entries.Add(entry);
        }

        var html = new HtmlBuilder();
        Layout.Begin(html, "Audit log", frame);
        html.Raw("<h1>Audit log</h1>");
        if (head is null)
        {
            html.Raw("<p>The log is empty.</p>");
        }
        else
        {
            html.Raw("<p id=\"head\">Head: entry ").Number(head.Seq).Raw(", SHA-256 <code>").Text(head.Hash).Raw("</code>. Check the whole chain with <code>assay audit verify --anchor ")
                .Text(head.Seq.ToString(CultureInfo.InvariantCulture)).Raw(":").Text(head.Hash).Raw("</code>; the newest ").Number(entries.Count)
                .Raw(" entries, newest first (all of them: <code>GET /v1/audit</code>, <code>assay audit export</code>).</p>");
        }

        html.Raw("<table id=\"audit\"><thead><tr><th>entry</th><th>time</th><th>actor</th><th>kind</th><th>concerns</th><th>hash</th></tr></thead><tbody>");
        foreach (var entry in Enumerable.Reverse(entries))
        {
            html.Raw("<tr><td>").Number(entry.Seq).Raw("</td><td>").Text(Time(entry.Time)).Raw("</td><td>").Text(entry.Actor.Name).Raw("</td><td>").Text(entry.Kind)
                .Raw("</td><td>").Text(entry.Subjects.Trim('[', ']').Replace("\"", "", StringComparison.Ordinal)).Raw("</td><td><code>").Text(entry.Hash[..12]).Raw("</code></td></tr>");
        }

        html.Raw("</tbody></table>");
        Layout.End(html);
        return UiResponse.Html(context, frame, html.ToString());
    }

    /// <summary>The report of <c>from</c>–<c>to</c> (default the last 7 days to the current minute), as its own self-contained page.</summary>
    private static async Task<IResult> ReportAsync(HttpContext context, IAntiforgery antiforgery, IInteractionStore interactions, IReviewStore reviews, IAlertStore alerts, IPolicyStore policies,
        IAuditStore audit, LivePolicy live, IIncidentStore incidents, TimeProvider clock)
    {
        var query = context.Request.Query;
        var now = clock.GetUtcNow();
        var minute = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        if (!InteractionListRequest.TryTime(query["to"].Count == 1 ? query["to"][0] : null, out var to) || !InteractionListRequest.TryTime(query["from"].Count == 1 ? query["from"][0] : null, out var from)
            || (from ?? minute.AddDays(-7)) >= (to ?? minute.AddMinutes(1)))
        {
            var frame = UiResponse.Frame(context, antiforgery);
            return UiResponse.Html(context, frame, MessagePage.Render(frame, "Report", "'from' and 'to' must be RFC 3339 date-times, from before to."), StatusCodes.Status400BadRequest);
        }

        var caller = Caller.From(context)!;
        var document = await ReportBuilder.BuildAsync(new ReportSources(interactions, reviews, alerts, policies, audit, live.Policy, incidents),
            new ReportRequest(from ?? minute.AddDays(-7), to ?? minute.AddMinutes(1), caller.Project), context.RequestAborted);
        return Results.Text(ReportWriters.Html(document), "text/html; charset=utf-8");
    }

    /// <summary>The log and the policy span every project, as on the API: a project's admin gets a page that says so.</summary>
    private static IResult? Forbidden(HttpContext context, PageFrame frame) => Caller.From(context)!.ProjectFilter is null
        ? null
        : UiResponse.Html(context, frame, MessagePage.Render(frame, "Forbidden", "This page spans every project; it needs an admin key for every project."), StatusCodes.Status403Forbidden);

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
