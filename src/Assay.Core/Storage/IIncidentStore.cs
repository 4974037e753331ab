using Assay.Audit;
using Assay.Incidents;

namespace Assay.Storage;

/// <summary>The storage port of incidents: each incident with its links, its own timeline and its post-mortem.</summary>
/// <remarks>
/// Every write appends its audit entry (<c>incident.opened</c>, <c>incident.changed</c>) in the same transaction, so the
/// log and the incident never disagree. Implementations are thread-safe; concurrent changes of one incident are serialised.
/// </remarks>
public interface IIncidentStore
{
    /// <summary>Opens an incident; when <see cref="NewIncident.AlertEventId"/> already opened one, returns that one unchanged.</summary>
    Task<Incident> OpenAsync(NewIncident incident, AuditActor actor, CancellationToken cancellationToken);

    /// <summary>The incident with its links and events, or null.</summary>
    Task<Incident?> GetAsync(long id, CancellationToken cancellationToken);

    /// <summary>Applies <paramref name="change"/> (<see cref="IncidentChange.ApplyTo"/>) and returns the result; null when there is no such incident.</summary>
    Task<Incident?> ChangeAsync(long id, IncidentChange change, AuditActor actor, CancellationToken cancellationToken);

    /// <summary>The incidents <paramref name="query"/> selects, newest first, each with its links and events.</summary>
    Task<IReadOnlyList<Incident>> ListAsync(IncidentQuery query, CancellationToken cancellationToken);
}
