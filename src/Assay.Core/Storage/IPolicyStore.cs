using Assay.Audit;
using Assay.Policy;

namespace Assay.Storage;

/// <summary>The storage port of policy versions: every uploaded text and every activation, shared by the nodes on one database.</summary>
/// <remarks>
/// The database, not a node's memory, says which policy runs: a node that activates a version records it here, and every
/// other node follows the latest activation (the server's policy watcher). Texts are kept whole, so any version can be
/// activated again, or replayed, long after its file is gone. Implementations are thread-safe.
/// </remarks>
public interface IPolicyStore
{
    /// <summary>Stores <paramref name="yaml"/> under its hash; a hash already stored keeps its first upload, which is returned.</summary>
    Task<PolicyVersion> AddAsync(string hash, string yaml, string source, AuditActor uploadedBy, CancellationToken cancellationToken);

    /// <summary>The text stored under <paramref name="hash"/>, or null when no such version was uploaded.</summary>
    Task<string?> TextAsync(string hash, CancellationToken cancellationToken);

    /// <summary>Records that <paramref name="hash"/> runs from now; null (and nothing recorded) when no such version was uploaded.</summary>
    Task<PolicyActivation?> ActivateAsync(string hash, AuditActor activatedBy, CancellationToken cancellationToken);

    /// <summary>The latest activation, or null before the first one.</summary>
    Task<PolicyActivation?> ActiveAsync(CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="max"/> versions, newest upload first, those uploaded before version <paramref name="before"/> when given.</summary>
    Task<IReadOnlyList<PolicyVersion>> ListAsync(int max, long? before, CancellationToken cancellationToken);
}
