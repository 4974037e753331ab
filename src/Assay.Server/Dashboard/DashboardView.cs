using Assay.Monitoring;
using Assay.Reporting;
using Assay.Storage;

namespace Assay.Server.Dashboard;

/// <summary>Everything one dashboard answer shows, already scoped to the caller's project.</summary>
/// <param name="Range">The time range and its buckets.</param>
/// <param name="Charts">The charts asked for, in the order asked, with alert markers.</param>
/// <param name="Firing">Alerts firing now that the caller may see.</param>
/// <param name="Events">The latest alert events the caller may see, newest first.</param>
/// <param name="Project">The caller's project, or <c>*</c> for all.</param>
internal sealed record DashboardView(DashboardRange Range, IReadOnlyList<TimeSeriesChart> Charts, IReadOnlyList<Alert> Firing, IReadOnlyList<StoredAlertEvent> Events, string Project);
