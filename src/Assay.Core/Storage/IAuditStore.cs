using Assay.Audit;

namespace Assay.Storage;

/// <summary>The storage port of the audit log: the hash chain of decisions, appended to and read, never changed.</summary>
/// <remarks>
/// Implementations are thread-safe and keep the chain linear: appends are serialised (across nodes on a shared database),
/// and the stores that write a decision append its entry in the same transaction. Reads never verify; <see cref="AuditChain"/> does.
/// </remarks>
public interface IAuditStore
{
    /// <summary>Appends one entry after the current head and returns it, with its sequence number and hash.</summary>
    Task<AuditEntry> AppendAsync(AuditRecord record, CancellationToken cancellationToken);

    /// <summary>The whole chain from entry <paramref name="afterSeq"/> on, in stored order, as stored (for verifying and exporting).</summary>
    IAsyncEnumerable<AuditEntry> ReadChainAsync(long afterSeq, CancellationToken cancellationToken);

    /// <summary>The last entry, or null for an empty log.</summary>
    Task<AuditEntry?> HeadAsync(CancellationToken cancellationToken);

    /// <summary>The last entry (by sequence) written before <paramref name="before"/>, or null: the head a report of a closed window names.</summary>
    Task<AuditEntry?> HeadBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken);

    /// <summary>The stored hash of entry <paramref name="seq"/>, or null when there is none (checking an anchor).</summary>
    Task<string?> HashAtAsync(long seq, CancellationToken cancellationToken);

    /// <summary>A page of entries matching <paramref name="query"/>, oldest first.</summary>
    Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken);
}
