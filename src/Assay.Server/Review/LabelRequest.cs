using System.Text.Json;
using Assay.Domain;
using Assay.Ingest;
using Assay.Review;

namespace Assay.Server.Review;

/// <summary>Reads a label or adjudication body: <c>{"categories": [...], "no_failure": bool, "severity", "note", "seconds"}</c>.</summary>
internal static class LabelRequest
{
    private static readonly HashSet<string> s_members = ["categories", "no_failure", "severity", "note", "seconds"];

    public static (Verdict? Verdict, double? Seconds, List<IngestProblem> Problems) Read(JsonElement body, IReadOnlySet<string> taxonomy)
    {
        var problems = new List<IngestProblem>();
        if (body.ValueKind != JsonValueKind.Object)
            return (null, null, [new IngestProblem("", "the body must be a JSON object")]);
        foreach (var property in body.EnumerateObject())
        {
            if (!s_members.Contains(property.Name))
                problems.Add(new("/" + property.Name, "is not a known field"));
        }

        var categories = new HashSet<string>(StringComparer.Ordinal);
        if (body.TryGetProperty("categories", out var list))
        {
            if (list.ValueKind != JsonValueKind.Array)
                problems.Add(new("/categories", "must be an array of taxonomy category ids"));
            else
            {
                var index = 0;
                foreach (var item in list.EnumerateArray())
                {
                    var id = item.ValueKind == JsonValueKind.String ? item.GetString()! : null;
                    if (id is null || !taxonomy.Contains(id))
                        problems.Add(new($"/categories/{index}", $"is not a category of the policy's taxonomy ({string.Join(", ", taxonomy.Order(StringComparer.Ordinal))})"));
                    else
                        categories.Add(id);
                    index++;
                }
            }
        }

        var noFailure = body.TryGetProperty("no_failure", out var flag) && flag.ValueKind == JsonValueKind.True;
        if (flag.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.True or JsonValueKind.False))
            problems.Add(new("/no_failure", "must be true or false"));
        if (noFailure && categories.Count > 0)
            problems.Add(new("/no_failure", "cannot be true when categories are given"));
        if (!noFailure && categories.Count == 0 && problems.Count == 0)
            problems.Add(new("/categories", "name at least one failure category, or set no_failure to true"));

        Severity? severity = null;
        if (body.TryGetProperty("severity", out var s) && s.ValueKind != JsonValueKind.Null)
        {
            if (s.ValueKind == JsonValueKind.String && EnumText.TryParse<Severity>(s.GetString(), out var parsed))
                severity = parsed;
            else
                problems.Add(new("/severity", "must be one of low, medium, high, critical"));
        }

        string? note = null;
        if (body.TryGetProperty("note", out var n) && n.ValueKind != JsonValueKind.Null)
        {
            if (n.ValueKind == JsonValueKind.String && n.GetString()!.Length <= 10_000)
                note = n.GetString();
            else
                problems.Add(new("/note", "must be a string of at most 10,000 characters"));
        }

        double? seconds = null;
        if (body.TryGetProperty("seconds", out var t) && t.ValueKind != JsonValueKind.Null)
        {
            if (t.ValueKind == JsonValueKind.Number && t.GetDouble() is >= 0 and < 86_400)
                seconds = t.GetDouble();
            else
                problems.Add(new("/seconds", "must be a number of seconds from 0 to 86,400"));
        }

        return problems.Count > 0 ? (null, null, problems) : (new Verdict(categories, severity, note), seconds, problems);
    }
}
