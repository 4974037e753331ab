namespace Assay.Client;

/// <summary>What became of the interactions given to <see cref="AssayClient"/>, counted since it started.</summary>
/// <param name="Queued">Taken into the queue.</param>
/// <param name="Accepted">Stored by the server.</param>
/// <param name="Duplicate">Already stored with the same content (a retry after a lost answer, say).</param>
/// <param name="Rejected">Refused by the server as invalid (the answer's problem says why; retrying cannot help).</param>
/// <param name="Conflict">Refused because the id is stored with different content.</param>
/// <param name="Dropped">Not queued: the queue was full, or the client was disposed.</param>
/// <param name="Failed">Given up on: refused as a whole (401, 403, …), out of tries, or still queued at shutdown.</param>
/// <param name="LastError">The last failure, for a log line or a health check.</param>
public sealed record AssayClientCounters(
    long Queued, long Accepted, long Duplicate, long Rejected, long Conflict, long Dropped, long Failed, string? LastError)
{
    /// <summary>Queued interactions the server has not yet answered for.</summary>
    public long Pending => Queued - Accepted - Duplicate - Rejected - Conflict - Failed;
}
