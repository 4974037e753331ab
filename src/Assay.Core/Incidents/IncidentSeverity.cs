namespace Assay.Incidents;

/// <summary>How bad an incident is, from a minor slip to harm in production.</summary>
public enum IncidentSeverity
{
    /// <summary>A contained slip with no user-facing harm.</summary>
    Low,

    /// <summary>A failure users saw, limited in reach.</summary>
    Medium,

    /// <summary>A failure with real reach or harm.</summary>
    High,

    /// <summary>Harm in production that needs everyone now.</summary>
    Critical,
}
