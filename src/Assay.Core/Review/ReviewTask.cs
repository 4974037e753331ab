using Assay.Domain;
using Assay.Routing;

namespace Assay.Review;

/// <summary>A request for human judgement on one interaction, as a reviewer sees it: never with others' labels.</summary>
/// <param name="Status">open, adjudication (labels disagree) or done.</param>
/// <param name="LabelCount">Current labels so far; shown to leads only (the API hides it from reviewers).</param>
public sealed record ReviewTask(
    long TaskId,
    Interaction Interaction,
    IReadOnlyList<Flag> Flags,
    Tier Tier,
    double InclusionProbability,
    string Reason,
    int RequiredLabels,
    int LabelCount,
    string Status,
    DateTimeOffset CreatedAt);
