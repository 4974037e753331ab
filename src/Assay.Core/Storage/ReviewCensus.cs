using Assay.Review;

namespace Assay.Storage;

/// <summary>What the review charts read for a window: every review task counted per time bucket, and in full only the items someone has started.</summary>
/// <remarks>
/// Coverage needs every task but only as a count; agreement needs labels. A week at 100,000 interactions a day routes about
/// 105,000 interactions to review of which a few thousand carry labels, and reading all of them as whole items was most of
/// a 7-day dashboard view (docs/PERFORMANCE.md, "Dashboard").
/// </remarks>
/// <param name="Tasks">Review tasks per bucket, placed by their interaction's time.</param>
/// <param name="Started">
/// Items with a current label or no longer open (decided, or waiting for a decision), in task order; possibly a few more,
/// which count for nothing but their labels.
/// </param>
public sealed record ReviewCensus(IReadOnlyList<int> Tasks, IReadOnlyList<ReviewedItem> Started);
