using Assay.Routing;

namespace Assay.Review;

/// <summary>What waits for review: open tasks by tier, by flagged category and by age.</summary>
/// <param name="ByAge">Open tasks by age bucket: "under 1 h", "1–24 h", "over 24 h".</param>
public sealed record QueueOverview(
    IReadOnlyDictionary<Tier, int> OpenByTier,
    IReadOnlyDictionary<string, int> OpenByCategory,
    IReadOnlyDictionary<string, int> ByAge,
    int AwaitingAdjudication,
    int Done);
