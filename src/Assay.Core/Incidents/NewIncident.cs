namespace Assay.Incidents;

/// <summary>What opening an incident says: the project, a title, how bad, what it points at and, when known, when it began.</summary>
/// <param name="DetectedAt">When it was noticed; null: now (a lead) — an alert passes its firing time.</param>
/// <param name="AlertEventId">The alert firing that opens it; opening twice for one firing gives the first incident back.</param>
public sealed record NewIncident(
    string Project,
    string Title,
    IncidentSeverity Severity,
    string WhatHappened,
    IReadOnlyList<IncidentLink> Links,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? DetectedAt = null,
    long? AlertEventId = null);
