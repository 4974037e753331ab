namespace Assay.Incidents;

/// <summary>A follow-up decided in a post-mortem: what will be done, who owns it, whether it is done.</summary>
public sealed record IncidentAction(string Text, string? Owner, bool Done);
