namespace Assay.Incidents;

/// <summary>Which incidents to list, newest first: of a project (null: every project), a status, open during a window, before a cursor.</summary>
/// <param name="From">With <paramref name="To"/>: only incidents open at some time in [From, To) (<see cref="Incident.Overlaps"/>).</param>
/// <param name="Before">Only incidents with a smaller id (the next page).</param>
public sealed record IncidentQuery(string? Project = null, IncidentStatus? Status = null, DateTimeOffset? From = null, DateTimeOffset? To = null, long? Before = null, int Max = 50);
