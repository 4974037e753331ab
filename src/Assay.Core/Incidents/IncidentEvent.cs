using Assay.Audit;

namespace Assay.Incidents;

/// <summary>One step in an incident's own history: opened, changed, linked, noted, resolved; each with who and when.</summary>
/// <param name="Kind">One of <c>opened</c>, <c>updated</c>, <c>linked</c>, <c>note</c>, <c>status</c>, <c>post-mortem</c>.</param>
/// <param name="Text">What happened, in one line a reader can follow.</param>
public sealed record IncidentEvent(long Id, DateTimeOffset At, AuditActor Actor, string Kind, string Text);
