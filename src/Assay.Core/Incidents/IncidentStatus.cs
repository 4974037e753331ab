namespace Assay.Incidents;

/// <summary>Where an incident stands.</summary>
public enum IncidentStatus
{
    /// <summary>Being investigated; the failure may still be happening.</summary>
    Open,

    /// <summary>The failure has stopped (a rollback, a policy change); follow-up remains.</summary>
    Mitigated,

    /// <summary>Closed; the post-mortem is the record.</summary>
    Resolved,
}
