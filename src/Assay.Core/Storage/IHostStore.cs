namespace Assay.Storage;

/// <summary>
/// The storage port of running nodes rather than of Assay's data: whether the database is ready, how much work waits,
/// and the ASP.NET Core data-protection key ring that every node sharing the database must use alike.
/// </summary>
/// <remarks>
/// Implementations are thread-safe. The key-ring methods are synchronous because ASP.NET Core's key repository is; it
/// calls them rarely (at start, when a key is created, and when a cookie names a key it has not seen).
/// </remarks>
public interface IHostStore
{
    /// <summary>True when the database answers and every schema module is at this build's version; never throws for an unreachable database.</summary>
    Task<bool> IsReadyAsync(CancellationToken cancellationToken);

    /// <summary>How many interactions wait for the pipeline, and when the oldest of them was received.</summary>
    Task<PipelineBacklog> PipelineBacklogAsync(CancellationToken cancellationToken);

    /// <summary>Every stored data-protection key element, as XML text.</summary>
    IReadOnlyList<string> ReadKeyRing();

    /// <summary>Stores one key element under its name; a name already stored is kept as it is.</summary>
    void AddToKeyRing(string name, string xml);
}
