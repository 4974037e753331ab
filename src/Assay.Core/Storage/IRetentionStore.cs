namespace Assay.Storage;

/// <summary>The storage port of retention: deletes old interactions with everything that refers to them.</summary>
/// <remarks>
/// Age is measured by <c>received_at</c>, the server's clock at ingest: a client's clock or a backfill of old traffic
/// cannot make fresh data look old (or old data immortal). Interactions a human labelled are kept unless asked: their
/// labels are the ground truth of the assurance metrics.
/// </remarks>
public interface IRetentionStore
{
    /// <summary>Deletes, in short batches of at most <paramref name="batch"/> interactions (each its own transaction), every interaction received before <paramref name="receivedBefore"/>.</summary>
    /// <param name="includeReviewed">True to delete interactions with human labels too; false keeps them and counts them.</param>
    Task<RetentionReport> PruneAsync(DateTimeOffset receivedBefore, bool includeReviewed, int batch, CancellationToken cancellationToken);
}
