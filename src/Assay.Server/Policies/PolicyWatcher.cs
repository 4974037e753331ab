using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Assay.Server.Policies;

/// <summary>Follows activations made on other nodes: reads the store's active version every poll and publishes it here.</summary>
/// <remarks>A node that activates a version itself publishes it at once; the others follow within one poll (<see cref="AssayServerOptions.PolicyPoll"/>).</remarks>
internal sealed class PolicyWatcher(PolicyVersions versions, AssayServerOptions options, TimeProvider time, ILogger<PolicyWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.PolicyPoll, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await versions.FollowAsync(stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // A database hiccup must not stop following; the next poll reads again.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    PolicyLog.FollowFailed(logger, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
