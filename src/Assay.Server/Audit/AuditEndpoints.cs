using System.Text.Json.Nodes;
using Assay.Audit;
using Assay.Server.Auth;
using Assay.Server.Http;
using Assay.Server.Queries;
using Assay.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Assay.Server.Audit;

/// <summary><c>GET /v1/audit</c>: the audit chain's entries, filtered and paged, each exactly as <c>assay audit export</c> writes it.</summary>
/// <remarks>
/// The log spans every project (an entry about one project's label sits between two about another's, and the chain can
/// only be checked whole), so it is for admin keys of every project; a project's admin gets 403. Each item carries its
/// <c>prev_hash</c> and <c>hash</c>, so a page can be checked with docs/AUDIT.md's procedure against a head anchored earlier.
/// </remarks>
internal static class AuditEndpoints
{
    private static readonly string[] s_parameters = ["from", "to", "actor", "subject", "cursor", "limit"];

    public static void MapAudit(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/v1/audit", ListAsync).RequireAuthorization(AuthPolicies.Admin).WithTags("Audit")
            .WithSummary("Audit log entries, oldest first, by time range, actor (key id, or 'system' / 'cli') and subject (e.g. interaction:ID), paged by cursor (admin keys for every project)")
            .Produces<AuditList>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);

    private static async Task<IResult> ListAsync(HttpContext context, IAuditStore audit)
    {
        if ((Caller.From(context) ?? Caller.Anonymous).ProjectFilter is not null)
        {
            return Problems.Create(StatusCodes.Status403Forbidden, "forbidden", "Forbidden",
                "the audit log spans every project; reading it needs an admin key for every project");
        }

        if (Read(context.Request.Query, out var query) is { } problem)
            return problem;
        AuditPage page;
        try
        {
            page = await audit.QueryAsync(query, context.RequestAborted);
        }
        catch (ArgumentException e) when (e.ParamName == "cursor")
        {
            return Paging.BadCursor();
        }

        return TypedResults.Ok(new AuditList([.. page.Items.Select(e => JsonNode.Parse(AuditExport.Line(e))!)], page.Next));
    }

    /// <summary>Reads the query string into <paramref name="query"/>, or a problem naming the first bad parameter.</summary>
    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? Read(IQueryCollection parameters, out AuditQuery query)
    {
        query = null!;
        if (Paging.Unknown(parameters, s_parameters) is { } unknown)
            return unknown;
        foreach (var name in s_parameters)
        {
            if (parameters[name].Count > 1)
                return Problems.Parameter(name, "is given more than once");
            if (parameters[name].Count == 1 && string.IsNullOrEmpty(parameters[name][0]))
                return Problems.Parameter(name, "is empty");
        }

        string? Text(string name) => parameters[name].Count == 1 ? parameters[name][0] : null;
        if (!InteractionListRequest.TryTime(Text("from"), out var from))
            return Problems.Parameter("from", "must be an RFC 3339 date-time, e.g. 2026-11-27T00:00:00Z");
        if (!InteractionListRequest.TryTime(Text("to"), out var to))
            return Problems.Parameter("to", "must be an RFC 3339 date-time, e.g. 2026-11-28T00:00:00Z");
        if (from is { } start && to is { } end && end <= start)
            return Problems.Parameter("to", "must be after from");
        if (Paging.Limit(Text("limit"), out var size) is { } badLimit)
            return badLimit;
        query = new AuditQuery(from, to, Text("actor"), Text("subject"), Text("cursor"), size);
        return null;
    }

    /// <summary>One page: the entries as exported lines (objects with <c>prev_hash</c> and <c>hash</c>), and the next page's cursor.</summary>
    internal sealed record AuditList(IReadOnlyList<JsonNode> Entries, string? Next);
}
