using System.Globalization;
using System.Text.Json;
using Assay.Domain;
using Assay.Incidents;
using Assay.Ingest;

namespace Assay.Server.Incidents;

/// <summary>
/// Reads the bodies of <c>POST /v1/incidents</c> and <c>PATCH /v1/incidents/{id}</c>: every field checked, every problem
/// named by its JSON pointer, unknown fields refused.
/// </summary>
internal static class IncidentRequest
{
    private static readonly HashSet<string> s_open = ["title", "severity", "project", "what_happened", "started_at", "detected_at", "links"];
    private static readonly HashSet<string> s_change = ["title", "severity", "status", "started_at", "what_happened", "slipped_past", "actions", "links", "note"];

    /// <summary>An opening, with its project as sent (null: the caller's own), or the problems.</summary>
    public static (NewIncident? Incident, string? Project, List<IngestProblem> Problems) ReadOpen(JsonElement body)
    {
        var problems = Members(body, s_open);
        if (problems.Count > 0 && body.ValueKind != JsonValueKind.Object)
            return (null, null, problems);
        var title = Text(body, "title", Incident.MaxTitleLength, problems, required: true);
        var severity = Choice<IncidentSeverity>(body, "severity", problems, required: true);
        var project = Text(body, "project", 200, problems);
        var what = Text(body, "what_happened", Incident.MaxTextLength, problems) ?? "";
        var started = Time(body, "started_at", problems);
        var detected = Time(body, "detected_at", problems);
        var links = Links(body, problems) ?? [];
        if (started is { } s && detected is { } d && s > d)
            problems.Add(new("/started_at", "must not be after detected_at"));
        return problems.Count > 0
            ? (null, null, problems)
            : (new NewIncident("", title!, severity!.Value, what, links, started, detected), project, problems);
    }

    public static (IncidentChange? Change, List<IngestProblem> Problems) ReadChange(JsonElement body)
    {
        var problems = Members(body, s_change);
        if (problems.Count > 0 && body.ValueKind != JsonValueKind.Object)
            return (null, problems);
        var change = new IncidentChange(
            Title: Text(body, "title", Incident.MaxTitleLength, problems),
            Severity: Choice<IncidentSeverity>(body, "severity", problems),
            Status: Choice<IncidentStatus>(body, "status", problems),
            StartedAt: Time(body, "started_at", problems),
            WhatHappened: Text(body, "what_happened", Incident.MaxTextLength, problems, blankAllowed: true),
            SlippedPast: Text(body, "slipped_past", Incident.MaxTextLength, problems, blankAllowed: true),
            Actions: Actions(body, problems),
            AddLinks: Links(body, problems),
            Note: Text(body, "note", Incident.MaxTextLength, problems));
        if (problems.Count == 0 && change == new IncidentChange())
            problems.Add(new("", "name at least one field to change: " + string.Join(", ", s_change.Order(StringComparer.Ordinal))));
        return problems.Count > 0 ? (null, problems) : (change, problems);
    }

    private static List<IngestProblem> Members(JsonElement body, HashSet<string> known)
    {
        if (body.ValueKind != JsonValueKind.Object)
            return [new IngestProblem("", "the body must be a JSON object")];
        return [.. body.EnumerateObject().Where(p => !known.Contains(p.Name)).Select(p => new IngestProblem("/" + p.Name, "is not a known field"))];
    }

    private static string? Text(JsonElement body, string name, int max, List<IngestProblem> problems, bool required = false, bool blankAllowed = false)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
                problems.Add(new("/" + name, "is required"));
            return null;
        }

        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : null;
        if (text is null || text.Length > max || (!blankAllowed && string.IsNullOrWhiteSpace(text)))
        {
            problems.Add(new("/" + name, $"must be a{(blankAllowed ? "" : " non-blank")} string of at most {max:N0} characters"));
            return null;
        }

        return text;
    }

    private static T? Choice<T>(JsonElement body, string name, List<IngestProblem> problems, bool required = false)
        where T : struct, Enum
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
                problems.Add(new("/" + name, "is required"));
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && EnumText.TryParse<T>(value.GetString(), out var parsed))
            return parsed;
        problems.Add(new("/" + name, $"must be one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}"));
        return null;
    }

    private static DateTimeOffset? Time(JsonElement body, string name, List<IngestProblem> problems)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParseExact(value.GetString(), ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            && value.GetString()!.Length >= 20 && time.Year is >= 2000 and <= 9000)
            return time.ToUniversalTime();
        problems.Add(new("/" + name, "must be an RFC 3339 time with its offset, e.g. 2026-03-01T09:00:00Z"));
        return null;
    }

    private static List<IncidentLink>? Links(JsonElement body, List<IngestProblem> problems)
    {
        if (!body.TryGetProperty("links", out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > Incident.MaxLinks)
        {
            problems.Add(new("/links", $"must be an array of at most {Incident.MaxLinks:N0} links written kind:id"));
            return null;
        }

        var links = new List<IncidentLink>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (IncidentLink.TryParse(item.ValueKind == JsonValueKind.String ? item.GetString() : null, out var link, out var error))
                links.Add(link);
            else
                problems.Add(new($"/links/{index}", error));
            index++;
        }

        return links;
    }

    private static List<IncidentAction>? Actions(JsonElement body, List<IngestProblem> problems)
    {
        if (!body.TryGetProperty("actions", out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > Incident.MaxLinks)
        {
            problems.Add(new("/actions", $"must be an array of at most {Incident.MaxLinks:N0} actions, each {{\"text\", \"owner\", \"done\"}}"));
            return null;
        }

        var actions = new List<IncidentAction>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var pointer = $"/actions/{index++}";
            if (item.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new(pointer, "must be an object {\"text\", \"owner\", \"done\"}"));
                continue;
            }

            var before = problems.Count;
            problems.AddRange(Members(item, ["text", "owner", "done"]).Select(p => p with { Pointer = pointer + p.Pointer }));
            var inner = new List<IngestProblem>();
            var text = Text(item, "text", Incident.MaxTitleLength * 5, inner, required: true);
            var owner = Text(item, "owner", 200, inner);
            var done = item.TryGetProperty("done", out var d) ? d.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False or JsonValueKind.Null => false,
                _ => (bool?)null,
            } : false;
            if (done is null)
                inner.Add(new("/done", "must be true or false"));
            problems.AddRange(inner.Select(p => p with { Pointer = pointer + p.Pointer }));
            if (problems.Count == before)
                actions.Add(new IncidentAction(text!, owner, done!.Value));
        }

        return actions;
    }
}
