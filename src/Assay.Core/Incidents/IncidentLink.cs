using System.Diagnostics.CodeAnalysis;

namespace Assay.Incidents;

/// <summary>One thing an incident points at, written <c>kind:id</c> like an audit subject (<c>interaction:abc</c>, <c>task:12</c>).</summary>
public sealed record IncidentLink(IncidentLinkKind Kind, string Ref)
{
    /// <summary>The longest id a link may carry, so a link cannot smuggle a document into the store.</summary>
    public const int MaxRefLength = 400;

    public override string ToString() => $"{Name(Kind)}:{Ref}";

    public static string Name(IncidentLinkKind kind) => kind == IncidentLinkKind.Alert ? "alert-event" : kind.ToString().ToLowerInvariant();

    /// <summary>Reads <c>kind:id</c>; false with a reason when the kind is unknown or the id malformed.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out IncidentLink? link, [NotNullWhen(false)] out string? error)
    {
        link = null;
        var colon = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (text is null || colon <= 0)
        {
            error = "a link is written kind:id, e.g. interaction:abc, flag:abc/rule, task:12, label:7, alert-event:3";
            return false;
        }

        var (name, id) = (text[..colon], text[(colon + 1)..]);
        IncidentLinkKind? kind = name switch
        {
            "interaction" => IncidentLinkKind.Interaction,
            "flag" => IncidentLinkKind.Flag,
            "task" => IncidentLinkKind.Task,
            "label" => IncidentLinkKind.Label,
            "alert-event" => IncidentLinkKind.Alert,
            _ => null,
        };
        error = kind switch
        {
            null => $"unknown link kind '{name}': use interaction, flag, task, label or alert-event",
            _ when id.Length is 0 or > MaxRefLength => $"a {name} link needs an id of 1 to {MaxRefLength} characters",
            _ when id.Any(char.IsControl) => "a link's id must not contain control characters",
            IncidentLinkKind.Flag when id.IndexOf('/', StringComparison.Ordinal) is <= 0 || id.EndsWith('/') => "a flag link is flag:INTERACTION/RULE",
            IncidentLinkKind.Task or IncidentLinkKind.Label or IncidentLinkKind.Alert when !long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n <= 0
                => $"a {name} link needs a positive number",
            _ => null,
        };
        if (error is not null)
            return false;
        link = new IncidentLink(kind!.Value, id);
        return true;
    }

    /// <summary>The interaction a flag link's id names.</summary>
    public string FlagInteraction => Ref[..Ref.LastIndexOf('/')];

    /// <summary>The rule a flag link's id names.</summary>
    public string FlagRule => Ref[(Ref.LastIndexOf('/') + 1)..];
}
