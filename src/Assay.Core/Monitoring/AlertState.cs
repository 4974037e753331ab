namespace Assay.Monitoring;

/// <summary>Whether an alert's condition still holds.</summary>
public enum AlertState
{
    /// <summary>The condition holds; the alert is open.</summary>
    Firing,

    /// <summary>The condition has cleared; the alert is closed.</summary>
    Resolved,
}
