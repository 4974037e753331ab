using Assay.Server.Auth;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Assay.Server.Dashboard;

/// <summary>Computes every dashboard range once when the server starts, so that the first person to open it does not pay for filling the caches.</summary>
/// <remarks>
/// A view's cost is mostly the drift comparisons and the agreement bootstrap of buckets that have not changed since they
/// were computed (docs/PERFORMANCE.md, "Dashboard"); <see cref="DashboardSource"/> keeps those between views. The warm-up
/// views are the all-projects caller's, which every lead and admin of all projects shares; a project-scoped key's first
/// view still fills its own cache. A failure is logged and changes nothing: the first real view computes what is missing.
/// </remarks>
internal sealed partial class DashboardWarmup(DashboardSource source, ILogger<DashboardWarmup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting (Kestrel, the other workers) before taking a core for this.
        await Task.Yield();
        var started = source.Now;
        try
        {
            foreach (var hours in DashboardRange.Choices)
            {
                var range = DashboardRange.Parse(hours.ToString(System.Globalization.CultureInfo.InvariantCulture), source.Now)!;
                await source.ReadAsync(Caller.Anonymous, range, DashboardCharts.All, stoppingToken);
            }

            Warmed(logger, (source.Now - started).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // A warm-up is an optimization; the server must start without it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Failed(logger, e);
        }
    }

    [LoggerMessage(1, LogLevel.Debug, "Dashboard caches warmed for every range in {Milliseconds:F0} ms")]
    private static partial void Warmed(ILogger logger, double milliseconds);

    [LoggerMessage(2, LogLevel.Warning, "Warming the dashboard caches failed; the first view will compute them")]
    private static partial void Failed(ILogger logger, Exception exception);
}
