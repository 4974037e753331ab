using Assay.Audit;

namespace Assay.Incidents;

/// <summary>
/// A failure people are handling: what it is, how bad, where it stands, what it points at (interactions, flags, labels,
/// alerts), its own history and, once understood, its post-mortem.
/// </summary>
/// <param name="Project">The project it concerns; <see cref="Review.ApiKey.AllProjects"/> for traffic of every project.</param>
/// <param name="OpenedBy">The lead who opened it, or <see cref="AuditActor.System"/> when an alert did.</param>
/// <param name="StartedAt">When the failure began, when someone knows; else the earliest linked interaction stands for it.</param>
/// <param name="DetectedAt">When it was first noticed: the alert's firing, or when the lead says (by default, the opening).</param>
/// <param name="AlertEventId">The alert firing that opened it, if one did; an alert opens at most one incident.</param>
public sealed record Incident(
    long Id,
    string Project,
    string Title,
    IncidentSeverity Severity,
    IncidentStatus Status,
    DateTimeOffset OpenedAt,
    AuditActor OpenedBy,
    DateTimeOffset? StartedAt,
    DateTimeOffset DetectedAt,
    DateTimeOffset? ResolvedAt,
    long? AlertEventId,
    PostMortem PostMortem,
    IReadOnlyList<IncidentLink> Links,
    IReadOnlyList<IncidentEvent> Events)
{
    /// <summary>The longest title; a title is a line, not a report.</summary>
    public const int MaxTitleLength = 200;

    /// <summary>The longest free text (what happened, what slipped past, a note, an action).</summary>
    public const int MaxTextLength = 10_000;

    /// <summary>The most links one incident holds, and the most actions.</summary>
    public const int MaxLinks = 1000;

    /// <summary>How long the failure ran before anyone noticed: from its start (or <paramref name="earliestEvidence"/>) to its detection.</summary>
    /// <returns>Null when neither a start nor evidence is known; never negative.</returns>
    public TimeSpan? DetectionDelay(DateTimeOffset? earliestEvidence)
    {
        var start = StartedAt ?? earliestEvidence;
        return start is { } s ? (DetectedAt > s ? DetectedAt - s : TimeSpan.Zero) : null;
    }

    /// <summary>Whether the incident was open at any time in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public bool Overlaps(DateTimeOffset from, DateTimeOffset to) => OpenedAt < to && (ResolvedAt is not { } r || r >= from);

    public static string Name(IncidentSeverity severity) => severity.ToString().ToLowerInvariant();

    public static string Name(IncidentStatus status) => status.ToString().ToLowerInvariant();
}
