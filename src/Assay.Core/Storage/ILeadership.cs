namespace Assay.Storage;

/// <summary>The storage port of leader election: at most one node at a time holds each singleton role (the monitor, the sampler).</summary>
/// <remarks>
/// Each engine holds a role its own way: PostgreSQL with a session-level advisory lock on a dedicated connection, SQLite with
/// a lease row renewed by its holder. Implementations are thread-safe; a role name is any short text.
/// </remarks>
public interface ILeadership
{
    /// <summary>Tries once to take <paramref name="role"/> for <paramref name="owner"/>; the lease when this node now leads, null when another does.</summary>
    Task<ILeaderLease?> TryAcquireAsync(string role, string owner, CancellationToken cancellationToken);
}
