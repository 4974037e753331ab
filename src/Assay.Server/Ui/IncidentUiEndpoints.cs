using System.Globalization;
using Assay.Incidents;
using Assay.Server.Auth;
using Assay.Server.Incidents;
using Assay.Storage;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Assay.Server.Ui;

/// <summary>The UI's incident pages for leads: the list, and one incident with its post-mortem and timeline (changes go through <c>/v1/incidents</c>).</summary>
internal static class IncidentUiEndpoints
{
    public static void MapIncidentPages(this RouteGroupBuilder ui)
    {
        ui.MapGet("/incidents", ListAsync).RequireAuthorization(UiAuthentication.Lead);
        ui.MapGet("/incidents/{incidentId}", IncidentAsync).RequireAuthorization(UiAuthentication.Lead);
    }

    private static async Task<IResult> ListAsync(HttpContext context, IAntiforgery antiforgery, IIncidentStore store)
    {
        var frame = UiResponse.Frame(context, antiforgery);
        var caller = Caller.From(context)!;
        var incidents = await store.ListAsync(new IncidentQuery(caller.ProjectFilter, Max: 200), context.RequestAborted);
        var html = new HtmlBuilder();
        Layout.Begin(html, "Incidents", frame);
        html.Raw("<h1>Incidents</h1><p>Failures being handled, newest first. Open one with <code>POST /v1/incidents</code>, or let a monitor rule with ")
            .Raw("<code>incident:</code> open one when it fires (docs/INCIDENTS.md).</p>");
        if (incidents.Count == 0)
            html.Raw("<p id=\"none\">No incident yet.</p>");
        html.Raw("<table id=\"incidents\"><thead><tr><th>incident</th><th>title</th><th>severity</th><th>status</th><th>project</th><th>opened</th><th>by</th><th>links</th></tr></thead><tbody>");
        foreach (var incident in incidents)
        {
            var id = incident.Id.ToString(CultureInfo.InvariantCulture);
            html.Raw("<tr><td><a href=\"/ui/incidents/").Text(id).Raw("\">#").Text(id).Raw("</a></td><td>").Text(incident.Title).Raw("</td><td>")
                .Text(Incident.Name(incident.Severity)).Raw("</td><td>").Text(Incident.Name(incident.Status)).Raw("</td><td>").Text(incident.Project)
                .Raw("</td><td>").Text(Time(incident.OpenedAt)).Raw("</td><td>").Text(incident.OpenedBy.Name).Raw("</td><td>")
                .Text(incident.Links.Count.ToString(CultureInfo.InvariantCulture)).Raw("</td></tr>");
        }

        html.Raw("</tbody></table>");
        Layout.End(html);
        return UiResponse.Html(context, frame, html.ToString());
    }

    private static async Task<IResult> IncidentAsync(string incidentId, HttpContext context, IAntiforgery antiforgery, IIncidentStore store, IncidentEvidence evidence)
    {
        var frame = UiResponse.Frame(context, antiforgery);
        var caller = Caller.From(context)!;
        if (!long.TryParse(incidentId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0
            || await store.GetAsync(id, context.RequestAborted) is not { } incident || !caller.Sees(incident.Project))
        {
            return UiResponse.Html(context, frame, MessagePage.Render(frame, "Incident not found", "No such incident in your project."), StatusCodes.Status404NotFound);
        }

        var dossier = await evidence.GatherAsync(incident, caller, context.RequestAborted);
        var html = new HtmlBuilder();
        Layout.Begin(html, $"Incident #{incident.Id}", frame);
        html.Raw("<h1>Incident #").Text(incident.Id.ToString(CultureInfo.InvariantCulture)).Raw(": ").Text(incident.Title).Raw("</h1>")
            .Raw("<p id=\"summary\">").Text($"{Incident.Name(incident.Severity)} · {Incident.Name(incident.Status)} · project {incident.Project} · opened {Time(incident.OpenedAt)} by {incident.OpenedBy.Name}")
            .Text(incident.ResolvedAt is { } resolved ? $" · resolved {Time(resolved)}" : "").Raw("</p>");
        PostMortem(html, dossier);
        html.Raw("<h2>Timeline</h2><table id=\"timeline\"><thead><tr><th>time</th><th>what</th><th>who</th><th>event</th><th>link</th></tr></thead><tbody>");
        foreach (var entry in dossier.Timeline)
        {
            html.Raw("<tr class=\"").Text(entry.Kind).Raw("\"><td>").Text(Time(entry.At)).Raw("</td><td>").Text(entry.Kind).Raw("</td><td>").Text(entry.Actor)
                .Raw("</td><td>").Text(entry.Text).Raw("</td><td><code>").Text(entry.Link ?? "").Raw("</code></td></tr>");
        }

        html.Raw("</tbody></table>");
        Layout.End(html);
        return UiResponse.Html(context, frame, html.ToString());
    }

    private static void PostMortem(HtmlBuilder html, IncidentDossier dossier)
    {
        var postMortem = dossier.Incident.PostMortem;
        html.Raw("<h2>Post-mortem</h2><dl id=\"post-mortem\"><dt>What happened</dt><dd>").Text(Or(postMortem.WhatHappened)).Raw("</dd>")
            .Raw("<dt>Detection delay</dt><dd id=\"delay\">")
            .Text(dossier.DetectionDelay is { } delay
                ? $"{Duration(delay)} (from {(dossier.Incident.StartedAt is null ? "the earliest linked interaction" : "the stated start")} to detection)"
                : "unknown: no start given and no linked interaction")
            .Raw("</dd><dt>What slipped past</dt><dd>").Text(Or(postMortem.SlippedPast)).Raw("<br>")
            .Text($"Measured: {dossier.Unflagged.Count} of {dossier.Interactions} linked interaction(s) were flagged by no automated check")
            .Text(dossier.Unflagged.Count > 0 ? $": {string.Join(", ", dossier.Unflagged.Take(20))}" : ".").Raw("</dd><dt>Actions</dt><dd>");
        if (postMortem.Actions.Count == 0)
            html.Text("None recorded yet.");
        else
        {
            html.Raw("<ul id=\"actions\">");
            foreach (var action in postMortem.Actions)
                html.Raw("<li>").Text(action.Done ? "[done] " : "[open] ").Text(action.Text).Text(action.Owner is { } owner ? $" ({owner})" : "").Raw("</li>");
            html.Raw("</ul>");
        }

        html.Raw("</dd></dl>");
    }

    private static string Or(string text) => text.Length == 0 ? "Not written yet." : text;

    private static string Duration(TimeSpan span) => span.TotalHours >= 1
        ? $"{(int)span.TotalHours} h {span.Minutes} min"
        : $"{(int)span.TotalMinutes} min {span.Seconds} s";

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
