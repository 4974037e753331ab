using System.Globalization;
using Assay.Domain;
using Assay.Policy;
using Assay.Review;
using Microsoft.AspNetCore.Http;

namespace Assay.Server.Ui;

/// <summary>Reads the label form into a verdict with the same rules as the JSON API.</summary>
internal static class VerdictForm
{
    public static (Verdict? Verdict, double? Seconds, string? Error) Read(IFormCollection form, IReadOnlyList<FailureCategory> taxonomy)
    {
        var categories = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in form["category"])
        {
            if (id is null || !taxonomy.Any(c => c.Id == id))
                return (null, null, "One of the chosen categories is not in the policy's taxonomy.");
            categories.Add(id);
        }

        var noFailure = form["no_failure"] == "true";
        if (noFailure && categories.Count > 0)
            return (null, null, "Choose failure categories or \"no failure\", not both.");
        if (!noFailure && categories.Count == 0)
            return (null, null, "Choose at least one failure category, or \"no failure\".");

        Severity? severity = null;
        var severityText = form["severity"].ToString();
        if (severityText.Length > 0)
        {
            if (!EnumText.TryParse<Severity>(severityText, out var parsed))
                return (null, null, "The severity must be low, medium, high or critical.");
            severity = parsed;
        }

        var note = form["note"].ToString();
        if (note.Length > 10_000)
            return (null, null, "The note can be at most 10,000 characters.");

        double? seconds = double.TryParse(form["seconds"].ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s is >= 0 and < 86_400 ? s : null;
        return (new Verdict(categories, severity, note.Length == 0 ? null : note), seconds, null);
    }
}
