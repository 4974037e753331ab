using System.Text.Json;
using Assay.Ingest;
using Assay.Review;

namespace Assay.Server.Review;

/// <summary>A request to create a key: <c>{"name", "role", "project", "expires_at"}</c>, read strictly (unknown fields are refused).</summary>
internal sealed record KeyRequest(string Name, Role Role, string? Project, DateTimeOffset? ExpiresAt)
{
    private static readonly HashSet<string> s_members = ["name", "role", "project", "expires_at"];

    /// <summary>Reads <paramref name="body"/>; the request is null when there are problems.</summary>
    public static (KeyRequest? Request, List<IngestProblem> Problems) Read(JsonElement body, DateTimeOffset now)
    {
        if (body.ValueKind != JsonValueKind.Object)
            return (null, [new IngestProblem("", "the body must be a JSON object with name, role and project")]);
        var problems = new List<IngestProblem>();
        foreach (var property in body.EnumerateObject())
        {
            if (!s_members.Contains(property.Name))
                problems.Add(new("/" + property.Name, "is not a known field; a key request has name, role, project and expires_at"));
        }

        var name = Text(body, "name");
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
            problems.Add(new("/name", "is required: a string of 1 to 100 characters"));
        var roleText = Text(body, "role");
        Role role = default;
        if (!Assay.Domain.EnumText.TryParse(roleText, out role))
            problems.Add(new("/role", "must be one of ingest, reviewer, lead, admin"));
        var project = Text(body, "project");
        if (body.TryGetProperty("project", out var p) && p.ValueKind != JsonValueKind.Null && (string.IsNullOrWhiteSpace(project) || project.Length > 200))
            problems.Add(new("/project", "must be a project name of 1 to 200 characters, or '*' for every project"));
        DateTimeOffset? expires = null;
        if (body.TryGetProperty("expires_at", out var e) && e.ValueKind != JsonValueKind.Null)
        {
            if (!Rfc3339.TryParse(Text(body, "expires_at"), out var at))
                problems.Add(new("/expires_at", "must be an RFC 3339 date-time with an offset, e.g. 2027-01-31T00:00:00Z"));
            else if (at <= now)
                problems.Add(new("/expires_at", "must be in the future"));
            else
                expires = at;
        }

        return problems.Count > 0 ? (null, problems) : (new KeyRequest(name!, role, project, expires), problems);
    }

    private static string? Text(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
