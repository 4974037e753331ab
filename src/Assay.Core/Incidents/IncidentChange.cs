using System.Globalization;
using Assay.Audit;

namespace Assay.Incidents;

/// <summary>One edit of an incident by a lead: any of its fields, links to add, a note for its timeline; null leaves a field as it is.</summary>
/// <remarks>Links are only ever added: an incident's record of what it pointed at is never rewritten.</remarks>
public sealed record IncidentChange(
    string? Title = null,
    IncidentSeverity? Severity = null,
    IncidentStatus? Status = null,
    DateTimeOffset? StartedAt = null,
    string? WhatHappened = null,
    string? SlippedPast = null,
    IReadOnlyList<IncidentAction>? Actions = null,
    IReadOnlyList<IncidentLink>? AddLinks = null,
    string? Note = null)
{
    /// <summary>The incident after this change at <paramref name="now"/>, and the steps its timeline gains (none when nothing changes).</summary>
    /// <remarks>Pure, so both storage engines apply a change alike inside their own transaction.</remarks>
    public (Incident Incident, IReadOnlyList<(string Kind, string Text)> Events) ApplyTo(Incident current, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        var events = new List<(string, string)>();
        var next = current;
        if (Title is { } title && title != current.Title)
        {
            events.Add(("updated", $"title: \"{current.Title}\" → \"{title}\""));
            next = next with { Title = title };
        }

        if (Severity is { } severity && severity != current.Severity)
        {
            events.Add(("updated", $"severity: {Incident.Name(current.Severity)} → {Incident.Name(severity)}"));
            next = next with { Severity = severity };
        }

        if (StartedAt is { } started && started != current.StartedAt)
        {
            events.Add(("updated", $"started at: {(current.StartedAt is { } old ? AuditChain.FormatTime(old) : "unknown")} → {AuditChain.FormatTime(started)}"));
            next = next with { StartedAt = started };
        }

        if (Status is { } status && status != current.Status)
        {
            events.Add(("status", $"status: {Incident.Name(current.Status)} → {Incident.Name(status)}"));
            next = next with { Status = status, ResolvedAt = status == IncidentStatus.Resolved ? now : null };
        }

        var postMortem = new PostMortem(WhatHappened ?? current.PostMortem.WhatHappened, SlippedPast ?? current.PostMortem.SlippedPast,
            Actions ?? current.PostMortem.Actions);
        var edited = new List<string>();
        if (postMortem.WhatHappened != current.PostMortem.WhatHappened)
            edited.Add("what happened");
        if (postMortem.SlippedPast != current.PostMortem.SlippedPast)
            edited.Add("what slipped past");
        if (!postMortem.Actions.SequenceEqual(current.PostMortem.Actions))
        {
            var done = postMortem.Actions.Count(a => a.Done);
            edited.Add(string.Create(CultureInfo.InvariantCulture, $"actions ({postMortem.Actions.Count}, {done} done)"));
        }

        if (edited.Count > 0)
        {
            events.Add(("post-mortem", $"post-mortem: {string.Join(", ", edited)} edited"));
            next = next with { PostMortem = postMortem };
        }

        var added = (AddLinks ?? []).Distinct().Where(l => !current.Links.Contains(l)).ToList();
        if (added.Count > 0)
        {
            events.Add(("linked", $"linked {string.Join(", ", added)}"));
            next = next with { Links = [.. current.Links, .. added] };
        }

        if (!string.IsNullOrWhiteSpace(Note))
            events.Add(("note", Note));
        return (next, events);
    }

    /// <summary>The links this change adds that <paramref name="current"/> does not hold yet.</summary>
    public IReadOnlyList<IncidentLink> NewLinks(Incident current) => [.. (AddLinks ?? []).Distinct().Where(l => !current.Links.Contains(l))];
}
