namespace Assay.Incidents;

/// <summary>What an incident can point at: the same things, with the same ids, as the audit log's subjects.</summary>
public enum IncidentLinkKind
{
    /// <summary>An interaction, by its id.</summary>
    Interaction,

    /// <summary>One rule's flag on an interaction: <c>INTERACTION/RULE</c>.</summary>
    Flag,

    /// <summary>A review task, by its number, with its labels and adjudication.</summary>
    Task,

    /// <summary>One label, by its number.</summary>
    Label,

    /// <summary>An alert event (a firing or a resolution), by its number.</summary>
    Alert,
}
