using Assay.Routing;

namespace Assay.Review;

/// <summary>The open review tasks of one tier, and how long the oldest has waited.</summary>
/// <param name="Open">Open tasks (waiting for labels).</param>
/// <param name="OldestRoutedAt">When the oldest open task was routed to review (task age counts from here).</param>
/// <param name="OldestOccurredAt">The earliest interaction time among the open tasks (interaction age counts from here).</param>
/// <param name="OldestTaskId">The open task routed first.</param>
public sealed record TierBacklog(Tier Tier, int Open, DateTimeOffset OldestRoutedAt, DateTimeOffset OldestOccurredAt, long OldestTaskId);
