namespace Assay.Server.Incidents;

/// <summary>One moment on an incident's timeline: a step of the incident itself, or a fact of something it links to.</summary>
/// <param name="Kind">
/// <c>incident</c> (its own history), <c>interaction</c> (received), <c>flag</c>, <c>task</c> (created), <c>label</c>,
/// <c>adjudication</c>, <c>alert</c>.
/// </param>
/// <param name="Link">The linked item the fact belongs to, as <c>kind:id</c>; null for the incident's own steps.</param>
internal sealed record TimelineEntry(DateTimeOffset At, string Kind, string Actor, string Text, string? Link);
