using Assay.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Assay.Server.Election;

/// <summary>One node's candidacy for one singleton role: takes the role when it is free, confirms it every period, and gives it up.</summary>
/// <remarks>
/// Every <see cref="LeadershipSettings.Retry"/> a follower tries to take the role and a leader renews its lease. A renewal
/// that fails or answers false (the connection holding the lock broke; the lease expired and was taken) ends the term at
/// once: the work's token is cancelled, so a node never acts on a role it may no longer hold. Not thread-safe: one
/// worker runs one election.
/// </remarks>
internal sealed class LeaderElection(ILeadership store, Leadership state, string role, LeadershipSettings settings, TimeProvider time, ILogger logger)
{
    public string Role => role;

    /// <summary>The election of <paramref name="role"/> from the registered store, state and settings.</summary>
    public static LeaderElection For(IServiceProvider services, string role) => new(
        services.GetRequiredService<ILeadership>(), services.GetRequiredService<Leadership>(), role, services.GetRequiredService<LeadershipSettings>(),
        services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILoggerFactory>().CreateLogger<LeaderElection>());

    /// <summary>
    /// Runs <paramref name="lead"/> each time this node takes the role, with a token cancelled when the term ends; returns
    /// when <paramref name="stopping"/> is cancelled (the role is given up first) or when <paramref name="lead"/> returns by itself.
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task> lead, CancellationToken stopping)
    {
        state.Set(role, false);
        while (!stopping.IsCancellationRequested)
        {
            var lease = await TryAcquireAsync(stopping);
            if (lease is not null && await TermAsync(lease, lead, stopping))
                return;
            try
            {
                await Task.Delay(settings.Retry, time, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<ILeaderLease?> TryAcquireAsync(CancellationToken stopping)
    {
        try
        {
            return await store.TryAcquireAsync(role, state.NodeId, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return null;
        }
#pragma warning disable CA1031 // An unreachable database must not stop the node; it tries again next period.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LeadershipLog.AcquireFailed(logger, state.NodeId, role, e);
            return null;
        }
    }

    /// <summary>Leads while the lease holds; true when the work is over for good (stopping, or <paramref name="lead"/> returned).</summary>
    private async Task<bool> TermAsync(ILeaderLease lease, Func<CancellationToken, Task> lead, CancellationToken stopping)
    {
        await using (lease)
        {
            using var term = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            state.Set(role, true);
            LeadershipLog.Leading(logger, state.NodeId, role);
            var renewing = RenewAsync(lease, term);
            var finished = false;
            try
            {
                await lead(term.Token);
                // Work that ends by itself is over; work that returned because its term ended contends again.
                finished = !term.IsCancellationRequested;
            }
            catch (OperationCanceledException) when (term.IsCancellationRequested)
            {
            }
            finally
            {
                // Not leading from here on, even before the lease is given up.
                state.Set(role, false);
                await term.CancelAsync();
                await renewing;
            }

            if (stopping.IsCancellationRequested || finished)
                LeadershipLog.Released(logger, state.NodeId, role);
            return stopping.IsCancellationRequested || finished;
        }
    }

    /// <summary>Renews every period until the term ends; a failed or refused renewal ends it.</summary>
    private async Task RenewAsync(ILeaderLease lease, CancellationTokenSource term)
    {
        while (!term.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(settings.Retry, time, term.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Exception? failure = null;
            var held = false;
            try
            {
                held = await lease.RenewAsync(term.Token);
            }
            catch (OperationCanceledException) when (term.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A renewal that fails is a lost lead, not a crash.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = e;
            }

            if (!held)
            {
                state.Set(role, false);
                LeadershipLog.Lost(logger, state.NodeId, role, failure);
                await term.CancelAsync();
                return;
            }
        }
    }
}
