using System.Collections.Concurrent;

namespace Assay.Server.Election;

/// <summary>Which singleton roles this node leads now: what status endpoints and metrics show of leader election.</summary>
/// <remarks>Thread-safe. A role appears once this node contends for it (its worker runs), led or not.</remarks>
internal sealed class Leadership(string nodeId)
{
    /// <summary>The role of the monitor worker.</summary>
    public const string Monitor = "monitor";

    /// <summary>The role of the sampler.</summary>
    public const string Sampler = "sampler";

    /// <summary>The role of the judge worker.</summary>
    public const string Judge = "judge";

    /// <summary>The role of the audit worker (key expiry entries, anchors).</summary>
    public const string Audit = "audit";

    private readonly ConcurrentDictionary<string, bool> _roles = new(StringComparer.Ordinal);

    /// <summary>This node's id, as its leases name their owner.</summary>
    public string NodeId => nodeId;

    /// <summary>The roles this node contends for, each with whether it leads it now.</summary>
    public IReadOnlyDictionary<string, bool> Roles => new Dictionary<string, bool>(_roles, StringComparer.Ordinal);

    public bool IsLeader(string role) => _roles.TryGetValue(role, out var leads) && leads;

    internal void Set(string role, bool leads) => _roles[role] = leads;
}
