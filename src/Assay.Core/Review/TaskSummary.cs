using Assay.Routing;

namespace Assay.Review;

/// <summary>One line of a lead's task list: where a task stands, without its interaction or its labels.</summary>
/// <param name="Status">open, adjudication (labels disagree) or done.</param>
public sealed record TaskSummary(
    long TaskId,
    string InteractionId,
    Tier Tier,
    double Priority,
    int RequiredLabels,
    int LabelCount,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ClosedAt);
