using Assay.Audit;
using Assay.Incidents;

namespace Assay.Server.Incidents;

/// <summary>An incident as <c>GET /v1/incidents/{id}</c> shows it: its fields, its post-mortem with what was measured, and its timeline.</summary>
internal sealed record IncidentView(
    long Id,
    string Project,
    string Title,
    string Severity,
    string Status,
    DateTimeOffset OpenedAt,
    AuditActor OpenedBy,
    DateTimeOffset? StartedAt,
    DateTimeOffset DetectedAt,
    DateTimeOffset? ResolvedAt,
    long? AlertEventId,
    IReadOnlyList<string> Links,
    PostMortemView PostMortem,
    IReadOnlyList<TimelineEntry> Timeline)
{
    public static IncidentView From(IncidentDossier dossier)
    {
        var i = dossier.Incident;
        return new IncidentView(i.Id, i.Project, i.Title, Incident.Name(i.Severity), Incident.Name(i.Status), i.OpenedAt, i.OpenedBy, i.StartedAt,
            i.DetectedAt, i.ResolvedAt, i.AlertEventId, [.. i.Links.Select(l => l.ToString())],
            new PostMortemView(i.PostMortem.WhatHappened, i.PostMortem.SlippedPast, i.PostMortem.Actions, dossier.DetectionDelay?.TotalSeconds,
                i.StartedAt is null && dossier.EarliestEvidence is not null ? "earliest linked interaction" : i.StartedAt is null ? null : "started_at",
                dossier.Interactions, dossier.Unflagged, dossier.NotGathered),
            dossier.Timeline);
    }
}

/// <summary>The post-mortem: what people wrote, beside what the links measure (the detection delay, what no automated check flagged).</summary>
/// <param name="DetectionDelaySeconds">From the start (or the earliest linked interaction) to detection; null when neither is known.</param>
/// <param name="DelayMeasuredFrom">What the delay starts at: <c>started_at</c>, or the earliest linked interaction.</param>
/// <param name="UnflaggedInteractions">Linked interactions no automated check flagged: what slipped past.</param>
internal sealed record PostMortemView(
    string WhatHappened,
    string SlippedPast,
    IReadOnlyList<IncidentAction> Actions,
    double? DetectionDelaySeconds,
    string? DelayMeasuredFrom,
    int Interactions,
    IReadOnlyList<string> UnflaggedInteractions,
    int LinksNotRead);

/// <summary>One incident in a list: enough to choose which to open.</summary>
internal sealed record IncidentItem(long Id, string Project, string Title, string Severity, string Status, DateTimeOffset OpenedAt, AuditActor OpenedBy,
    DateTimeOffset DetectedAt, DateTimeOffset? ResolvedAt, long? AlertEventId, int Links)
{
    public static IncidentItem From(Incident i) => new(i.Id, i.Project, i.Title, Incident.Name(i.Severity), Incident.Name(i.Status), i.OpenedAt, i.OpenedBy,
        i.DetectedAt, i.ResolvedAt, i.AlertEventId, i.Links.Count);
}

/// <summary>A page of incidents, newest first, and the cursor of the next.</summary>
internal sealed record IncidentList(IReadOnlyList<IncidentItem> Incidents, string? Next);

/// <summary>The body of <c>POST /v1/incidents</c>, as the OpenAPI document describes it (read by <see cref="IncidentRequest"/>).</summary>
/// <param name="Links">Each written <c>kind:id</c>: <c>interaction:ID</c>, <c>flag:ID/RULE</c>, <c>task:N</c>, <c>label:N</c>, <c>alert-event:N</c>.</param>
internal sealed record IncidentOpenDocument(string Title, IncidentSeverity Severity, string? Project, string? WhatHappened, DateTimeOffset? StartedAt,
    DateTimeOffset? DetectedAt, IReadOnlyList<string>? Links);

/// <summary>The body of <c>PATCH /v1/incidents/{id}</c>: any of these; links are added, a note joins the timeline.</summary>
internal sealed record IncidentChangeDocument(string? Title, IncidentSeverity? Severity, IncidentStatus? Status, DateTimeOffset? StartedAt, string? WhatHappened,
    string? SlippedPast, IReadOnlyList<IncidentAction>? Actions, IReadOnlyList<string>? Links, string? Note);
