using Assay.Review;
using Assay.Server.Auth;
using Assay.Server.Http;
using Assay.Server.Policies;
using Assay.Server.Queries;
using Assay.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Assay.Server.Reports;

/// <summary><c>GET /v1/reports?from&amp;to[&amp;project][&amp;format=html|md]</c>: the report of a closed window, as <c>assay report</c> writes it.</summary>
/// <remarks>
/// For leads and admins: a report gives every reviewer's agreement, which a reviewer may not see before labelling. A key
/// for one project gets that project's report; a key for every project may name one, or gets every project's.
/// </remarks>
internal static class ReportEndpoints
{
    private static readonly string[] s_parameters = ["from", "to", "project", "format"];

    public static void MapReports(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/v1/reports", ReportAsync).RequireAuthorization(AuthPolicies.Lead).WithTags("Reports")
            .WithSummary("The report of a window (from, to: RFC 3339, required) as one self-contained HTML page, or its Markdown twin (format=md); the same closed window gives the same bytes")
            .Produces<string>(StatusCodes.Status200OK, "text/html", "text/markdown")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);

    private static async Task<IResult> ReportAsync(HttpContext context, IInteractionStore interactions, IReviewStore reviews, IAlertStore alerts, IPolicyStore policies, IAuditStore audit, LivePolicy live, IIncidentStore incidents)
    {
        var query = context.Request.Query;
        if (Paging.Unknown(query, s_parameters) is { } unknown)
            return unknown;
        string? Text(string name) => query[name].Count == 1 && query[name][0] is { Length: > 0 } value ? value : null;
        if (!InteractionListRequest.TryTime(Text("from"), out var from) || from is null)
            return Problems.Parameter("from", "is required: an RFC 3339 date-time, e.g. 2026-11-27T00:00:00Z");
        if (!InteractionListRequest.TryTime(Text("to"), out var to) || to is null)
            return Problems.Parameter("to", "is required: an RFC 3339 date-time, e.g. 2026-11-28T00:00:00Z");
        if (to <= from)
            return Problems.Parameter("to", "must be after from");
        var format = Text("format") ?? "html";
        if (format is not ("html" or "md"))
            return Problems.Parameter("format", "must be html or md");
        var caller = Caller.From(context) ?? Caller.Anonymous;
        var project = Text("project") ?? caller.Project;
        if (caller.ProjectFilter is { } own && project != own)
            return Problems.Create(StatusCodes.Status403Forbidden, "forbidden", "Forbidden", $"this key is for project {own}; it cannot read another project's report");

        var document = await ReportBuilder.BuildAsync(new ReportSources(interactions, reviews, alerts, policies, audit, live.Policy, incidents),
            new ReportRequest(from.Value, to.Value, project), context.RequestAborted);
        return format == "md"
            ? Results.Text(ReportWriters.Markdown(document), "text/markdown; charset=utf-8")
            : Results.Text(ReportWriters.Html(document), "text/html; charset=utf-8");
    }
}
