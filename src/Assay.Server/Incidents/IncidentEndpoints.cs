using System.Globalization;
using Assay.Incidents;
using Assay.Ingest;
using Assay.Server.Auth;
using Assay.Server.Http;
using Assay.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Assay.Server.Incidents;

/// <summary><c>/v1/incidents</c>: a lead opens an incident, lists them, reads one with its timeline and post-mortem, and changes it.</summary>
/// <remarks>
/// Leads only: an incident's timeline names reviewers and their labels. A project's lead works in their own project; an
/// incident of every project (<c>*</c>, e.g. opened by an alert over all traffic) is for leads of every project. An
/// incident another project's lead may not see is "not found", never "forbidden", so its existence does not leak.
/// </remarks>
internal static class IncidentEndpoints
{
    public static void MapIncidents(this IEndpointRouteBuilder routes)
    {
        var incidents = routes.MapGroup("/v1/incidents").RequireAuthorization(AuthPolicies.Lead).WithTags("Incidents");
        incidents.MapPost("", OpenAsync)
            .WithSummary("Open an incident: a title, a severity, links to interactions, flags, tasks, labels or alert events (leads)")
            .Accepts<IncidentOpenDocument>("application/json")
            .Produces<IncidentView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        incidents.MapGet("", ListAsync)
            .WithSummary("Incidents, newest first: ?status=open|mitigated|resolved, ?project=, ?from=&to= (open at some time in the window)")
            .Produces<IncidentList>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        incidents.MapGet("/{incidentId}", GetAsync)
            .WithSummary("An incident with its post-mortem (detection delay and what slipped past, measured) and its timeline")
            .Produces<IncidentView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        incidents.MapPatch("/{incidentId}", ChangeAsync)
            .WithSummary("Change an incident: title, severity, status, started_at, the post-mortem (what_happened, slipped_past, actions), add links, add a note")
            .Accepts<IncidentChangeDocument>("application/json")
            .Produces<IncidentView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    private static async Task<IResult> OpenAsync(HttpContext context, IIncidentStore store, IncidentEvidence evidence)
    {
        var caller = Caller(context);
        var (body, unreadable) = await JsonBody.ReadAsync(context.Request, context.RequestAborted);
        if (unreadable is not null)
            return unreadable;
        var (opening, project, problems) = IncidentRequest.ReadOpen(body);
        if (opening is null)
            return Invalid(problems);
        project ??= caller.Project;
        if (!caller.Manages(project))
            return Problems.Create(StatusCodes.Status403Forbidden, "forbidden", "Forbidden", $"a lead of project {caller.Project} opens incidents in that project only");
        if (await evidence.CheckAsync(opening.Links, project, caller, context.RequestAborted) is { } missing)
            return Invalid([new IngestProblem($"/links/{missing.Index}", missing.Detail)]);
        var incident = await store.OpenAsync(opening with { Project = project }, caller.Actor, context.RequestAborted);
        return TypedResults.Created($"/v1/incidents/{incident.Id}", IncidentView.From(await evidence.GatherAsync(incident, caller, context.RequestAborted)));
    }

    private static async Task<IResult> ListAsync(HttpContext context, IIncidentStore store)
    {
        var caller = Caller(context);
        var query = context.Request.Query;
        if (Paging.Unknown(query, "status", "project", "from", "to", "cursor", "limit") is { } unknown)
            return unknown;
        if (Paging.Limit(One(query, "limit"), out var limit) is { } badLimit)
            return badLimit;
        if (Paging.NumberCursor(One(query, "cursor"), 'i', out var before) is { } badCursor)
            return badCursor;
        IncidentStatus? status = null;
        if (One(query, "status") is { } statusText)
        {
            if (!Domain.EnumText.TryParse<IncidentStatus>(statusText, out var parsed))
                return Problems.Parameter("status", "must be one of open, mitigated, resolved");
            status = parsed;
        }

        var project = One(query, "project") ?? caller.ProjectFilter;
        if (project is not null && !caller.Manages(project))
            return Problems.Parameter("project", $"must be your own project, {caller.Project}");
        var (from, to) = (Time(One(query, "from")), Time(One(query, "to")));
        if (One(query, "from") is not null && from is null)
            return Problems.Parameter("from", "must be an RFC 3339 time, e.g. 2026-03-01T00:00:00Z");
        if (One(query, "to") is not null && to is null)
            return Problems.Parameter("to", "must be an RFC 3339 time, e.g. 2026-03-02T00:00:00Z");
        if (from is not null && to is not null && from >= to)
            return Problems.Parameter("to", "must be after from");
        var page = await store.ListAsync(new IncidentQuery(project, status, from, to, before, limit + 1), context.RequestAborted);
        return TypedResults.Ok(new IncidentList([.. page.Take(limit).Select(IncidentItem.From)],
            page.Count > limit ? Paging.NumberCursor('i', page[limit - 1].Id) : null));
    }

    private static async Task<IResult> GetAsync(string incidentId, HttpContext context, IIncidentStore store, IncidentEvidence evidence)
    {
        var caller = Caller(context);
        if (await FindAsync(incidentId, caller, store, context.RequestAborted) is not { } incident)
            return NotFound(incidentId);
        return TypedResults.Ok(IncidentView.From(await evidence.GatherAsync(incident, caller, context.RequestAborted)));
    }

    private static async Task<IResult> ChangeAsync(string incidentId, HttpContext context, IIncidentStore store, IncidentEvidence evidence)
    {
        var caller = Caller(context);
        var (body, unreadable) = await JsonBody.ReadAsync(context.Request, context.RequestAborted);
        if (unreadable is not null)
            return unreadable;
        var (change, problems) = IncidentRequest.ReadChange(body);
        if (change is null)
            return Invalid(problems);
        if (await FindAsync(incidentId, caller, store, context.RequestAborted) is not { } incident)
            return NotFound(incidentId);
        if (change.AddLinks is { } links && await evidence.CheckAsync(links, incident.Project, caller, context.RequestAborted) is { } missing)
            return Invalid([new IngestProblem($"/links/{missing.Index}", missing.Detail)]);
        if (incident.Links.Count + change.NewLinks(incident).Count > Incident.MaxLinks)
            return Invalid([new IngestProblem("/links", $"an incident holds at most {Incident.MaxLinks:N0} links")]);
        var changed = await store.ChangeAsync(incident.Id, change, caller.Actor, context.RequestAborted);
        return changed is null ? NotFound(incidentId) : TypedResults.Ok(IncidentView.From(await evidence.GatherAsync(changed, caller, context.RequestAborted)));
    }

    private static async Task<Incident?> FindAsync(string id, Caller caller, IIncidentStore store, CancellationToken cancellationToken) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
        && await store.GetAsync(number, cancellationToken) is { } incident && caller.Sees(incident.Project)
            ? incident
            : null;

    private static Caller Caller(HttpContext context) => Auth.Caller.From(context) ?? Auth.Caller.Anonymous;

    private static string? One(IQueryCollection query, string name) => query[name].Count == 1 ? query[name][0] : null;

    private static DateTimeOffset? Time(string? text) =>
        text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time.ToUniversalTime() : null;

    private static ProblemHttpResult Invalid(List<IngestProblem> problems) =>
        Problems.Create(StatusCodes.Status400BadRequest, "invalid-incident", "The incident is not valid", $"{problems.Count} problem(s): {problems[0].Pointer} {problems[0].Detail}", problems);

    private static ProblemHttpResult NotFound(string id) =>
        Problems.Create(StatusCodes.Status404NotFound, "not-found", "Not found", $"no incident {(id.Length > 40 ? id[..40] + "…" : id)} that you may see");
}
