using Assay.Monitoring;

namespace Assay.Storage;

/// <summary>An alert event (fired or resolved) as stored, with what happened when it was sent on.</summary>
public sealed record StoredAlertEvent(long EventId, Alert Alert, DateTimeOffset RecordedAt, IReadOnlyList<AlertDelivery> Deliveries);
