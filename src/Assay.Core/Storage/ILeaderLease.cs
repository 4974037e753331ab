namespace Assay.Storage;

/// <summary>One node's hold on a singleton role; disposing it gives the role up for another node to take.</summary>
/// <remarks>Used by one worker at a time; <see cref="RenewAsync"/> and disposing are not called concurrently.</remarks>
public interface ILeaderLease : IAsyncDisposable
{
    /// <summary>The role held.</summary>
    string Role { get; }

    /// <summary>
    /// Confirms (and extends) the hold; false when it is lost — the connection holding it broke, or the lease expired and
    /// another node took it. On false the holder must stop acting at once. Store failures surface as exceptions, which
    /// the holder treats as a loss too.
    /// </summary>
    Task<bool> RenewAsync(CancellationToken cancellationToken);
}
