using Assay.Storage;

namespace Assay.Server.Monitoring;

/// <summary>One page of <c>GET /v1/alerts</c>: events newest first, and the cursor of the next page (null on the last).</summary>
internal sealed record AlertList(IReadOnlyList<StoredAlertEvent> Alerts, string? Next);
