using Assay.Monitoring;

namespace Assay.Storage;

/// <summary>The storage port of monitoring: open alerts, alert events and their deliveries.</summary>
/// <remarks>
/// The open alerts are the monitor evaluator's state, kept in the store rather than in one node's memory, so a restart or
/// another node carries on with the same alerts and never fires a duplicate. Implementations are thread-safe.
/// </remarks>
public interface IAlertStore
{
    /// <summary>The alerts now firing, one per rule and key.</summary>
    Task<IReadOnlyList<Alert>> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Records a fired or resolved alert and updates the open set in one transaction; returns the event's id.</summary>
    /// <returns>
    /// The new event's id (ids start at 1); 0 when the alert is already in that state — firing while already open, or
    /// resolved while not open — because another node recorded it first. Then nothing is recorded and nothing should be sent,
    /// so each episode has one <c>firing</c> event even when two nodes evaluate at once.
    /// </returns>
    Task<long> AddEventAsync(Alert alert, CancellationToken cancellationToken);

    /// <summary>Records the outcome of sending an event to one target.</summary>
    Task RecordDeliveryAsync(AlertDelivery delivery, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="max"/> events, newest first (by event id), with their deliveries: only those older than event
    /// <paramref name="before"/> when given (the next page), and only those in <paramref name="scope"/> when given.
    /// </summary>
    Task<IReadOnlyList<StoredAlertEvent>> ListAsync(int max, long? before, AlertScope? scope, CancellationToken cancellationToken);
}
