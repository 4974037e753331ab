using Microsoft.AspNetCore.Http;

namespace Assay.Server.Ui;

/// <summary>What a reviewer had entered in a label form that was refused, so the form comes back as they left it.</summary>
internal sealed record LabelDraft(IReadOnlySet<string> Categories, bool NoFailure, string? Severity, string? Note)
{
    public static LabelDraft From(IFormCollection form)
    {
        ArgumentNullException.ThrowIfNull(form);
        return new LabelDraft(
            form["category"].Where(c => c is not null).Select(c => c!).ToHashSet(StringComparer.Ordinal),
            string.Equals(form["no_failure"].ToString(), "true", StringComparison.Ordinal),
            form["severity"].ToString() is { Length: > 0 } severity ? severity : null,
            form["note"].ToString() is { Length: > 0 } note ? note : null);
    }
}
