using Assay.Policy;

namespace Assay.Server.Policies;

/// <summary>The policy this node runs now: one immutable <see cref="PolicySnapshot"/>, replaced whole when a version is activated.</summary>
/// <remarks>
/// A reader takes <see cref="Current"/> once per unit of work (a pipeline, sampler or judge batch, a request, a monitor tick) and keeps it,
/// so each interaction is processed under exactly one version; the next unit sees the new one. Which version runs is the
/// store's latest activation (<see cref="Storage.IPolicyStore"/>): this node publishes it at once when it activates one
/// itself, and <see cref="PolicyWatcher"/> publishes what another node activated.
/// </remarks>
internal sealed class LivePolicy(PolicySnapshot initial)
{
    private PolicySnapshot _current = initial;

    public PolicySnapshot Current => Volatile.Read(ref _current);

    public PolicyDocument Policy => Current.Policy;

    /// <summary>Publishes <paramref name="policy"/>; false (and nothing changed) when it already runs.</summary>
    public bool Publish(PolicyDocument policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var current = Current;
        if (current.Policy.Hash == policy.Hash)
            return false;
        Volatile.Write(ref _current, PolicySnapshot.Build(policy, current.Monitoring.Interval));
        return true;
    }
}
