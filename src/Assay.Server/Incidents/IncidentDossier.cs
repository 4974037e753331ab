using Assay.Incidents;

namespace Assay.Server.Incidents;

/// <summary>An incident with what its links show: the timeline, the interactions involved, those no automated check flagged, and the delay.</summary>
/// <param name="Interactions">The distinct interactions its links reach (directly, or through a flag, task or label).</param>
/// <param name="Unflagged">Of those, the ones no automated check flagged: what slipped past, measured.</param>
/// <param name="EarliestEvidence">The earliest of those interactions' times: the start, when nobody gave one.</param>
/// <param name="NotGathered">Links beyond <see cref="IncidentEvidence.MaxGathered"/>, listed but not read.</param>
internal sealed record IncidentDossier(
    Incident Incident,
    IReadOnlyList<TimelineEntry> Timeline,
    int Interactions,
    IReadOnlyList<string> Unflagged,
    DateTimeOffset? EarliestEvidence,
    TimeSpan? DetectionDelay,
    int NotGathered);
