using Assay.Incidents;
using Assay.Review;
using Assay.Storage;

namespace Assay.Server.Reports;

public static partial class ReportBuilder
{
    /// <summary>The most incidents one report lists; a window with more names how many were left out.</summary>
    private const int MaxIncidents = 100;

    /// <summary>The incidents open at some time in the window, each with its measured detection delay and its post-mortem.</summary>
    /// <remarks>Incidents are shown as they stand when the report is made: a post-mortem written after the window still belongs to it.</remarks>
    private static async Task<ReportSection> IncidentsAsync(ReportSources sources, ReportRequest request, CancellationToken cancellationToken)
    {
        var project = request.Project == ApiKey.AllProjects ? null : request.Project;
        var incidents = await sources.Incidents.ListAsync(new IncidentQuery(project, From: request.From, To: request.To, Max: MaxIncidents + 1), cancellationToken);
        if (incidents.Count == 0)
            return new ReportSection("Incidents", [new ReportParagraph("No incident was open in the window.")]);

        var shown = incidents.Take(MaxIncidents).OrderBy(i => i.Id).ToList();
        var rows = new List<IReadOnlyList<string>>();
        var blocks = new List<ReportBlock>();
        foreach (var incident in shown)
        {
            var delay = incident.DetectionDelay(await EarliestEvidenceAsync(sources.Interactions, incident, cancellationToken));
            rows.Add([$"#{incident.Id}", incident.Title, Incident.Name(incident.Severity), Incident.Name(incident.Status), Time(incident.OpenedAt),
                incident.ResolvedAt is { } resolved ? Time(resolved) : "open", delay is { } d ? Duration(d) : "unknown",
                incident.AlertEventId is { } alert ? $"alert event {alert}" : incident.OpenedBy.Name]);
            var postMortem = incident.PostMortem;
            if (!postMortem.IsEmpty)
            {
                var actions = postMortem.Actions.Count == 0 ? "no actions recorded" : $"{postMortem.Actions.Count(a => a.Done)} of {postMortem.Actions.Count} action(s) done: "
                    + string.Join("; ", postMortem.Actions.Select(a => $"{a.Text}{(a.Owner is { } owner ? $" ({owner})" : "")}{(a.Done ? " [done]" : "")}"));
                blocks.Add(new ReportParagraph($"#{incident.Id} post-mortem. What happened: {Or(postMortem.WhatHappened)} What slipped past: {Or(postMortem.SlippedPast)} Actions: {actions}."));
            }
        }

        var lead = $"{Count(shown.Count)} incident(s) open at some time in the window{(incidents.Count > MaxIncidents ? $" (the newest {MaxIncidents} of more)" : "")}; the detection delay runs from the start (or the earliest linked interaction) to detection:";
        return new ReportSection("Incidents",
        [
            new ReportParagraph(lead),
            new ReportTable(["incident", "title", "severity", "status", "opened", "resolved", "detection delay", "opened by"], rows,
                [false, false, false, false, false, false, true, false]),
            .. blocks,
        ]);
    }

    /// <summary>The earliest time of the interactions an incident links (directly or through a flag).</summary>
    private static async Task<DateTimeOffset?> EarliestEvidenceAsync(IInteractionStore interactions, Incident incident, CancellationToken cancellationToken)
    {
        DateTimeOffset? earliest = null;
        foreach (var link in incident.Links.Where(l => l.Kind is IncidentLinkKind.Interaction or IncidentLinkKind.Flag).Take(200))
        {
            var id = link.Kind == IncidentLinkKind.Flag ? link.FlagInteraction : link.Ref;
            if (await interactions.GetAsync(id, cancellationToken) is { } record)
            {
                var at = record.Stored.Interaction.Timestamp ?? record.Stored.ReceivedAt;
                earliest = earliest is { } e && e <= at ? e : at;
            }
        }

        return earliest;
    }

    private static string Or(string text) => text.Length == 0 ? "(not written yet)." : text.TrimEnd().EndsWith('.') ? text.TrimEnd() : text.TrimEnd() + ".";

    private static string Duration(TimeSpan span) => span.TotalDays >= 1
        ? $"{(int)span.TotalDays} d {span.Hours} h"
        : span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min" : $"{(int)span.TotalMinutes} min {span.Seconds} s";
}
