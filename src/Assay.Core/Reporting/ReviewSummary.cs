using Assay.Review;

namespace Assay.Reporting;

/// <summary>The review charts' input: per bucket, the tasks, how many are complete and started, and the items with two or more labels.</summary>
/// <remarks>
/// One pass over the reviewed items, shared by the coverage and agreement charts (a week of heavy traffic routes a hundred
/// thousand interactions to review). Only items with two or more labels can count towards agreement, so only they are kept.
/// </remarks>
/// <param name="Buckets">The review charts' buckets.</param>
/// <param name="Tasks">Review tasks per bucket.</param>
/// <param name="Complete">Tasks per bucket with all the labels they ask for, or a lead's decision.</param>
/// <param name="Started">Tasks per bucket with at least one label, or a lead's decision.</param>
/// <param name="Labelled">Items per bucket with two or more labels, in the order given.</param>
/// <param name="LabelsPerTask">The labels a task asks for when the item does not say (the policy's <c>labels_per_task</c>).</param>
public sealed record ReviewSummary(
    TimeBuckets Buckets, IReadOnlyList<int> Tasks, IReadOnlyList<int> Complete, IReadOnlyList<int> Started, IReadOnlyList<List<ReviewedItem>> Labelled, int LabelsPerTask)
{
    /// <summary>Places each item by its interaction's time; items outside the range are left out.</summary>
    public static ReviewSummary From(IReadOnlyList<ReviewedItem> items, TimeBuckets buckets, ReviewPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(buckets);
        ArgumentNullException.ThrowIfNull(policy);
        var required = policy.LabelsPerTask;
        var (tasks, complete, started) = (new int[buckets.Count], new int[buckets.Count], new int[buckets.Count]);
        var labelled = new List<ReviewedItem>[buckets.Count];
        for (var i = 0; i < labelled.Length; i++)
            labelled[i] = [];
        foreach (var item in items)
        {
            var index = buckets.IndexOf(item.OccurredAt);
            if (index < 0 || index >= buckets.Count || !buckets.InRange(item.OccurredAt))
                continue;
            var i = (int)index;
            tasks[i]++;
            var decided = item.Adjudicated is not null;
            if (decided || Reviewers(item) >= (item.RequiredLabels > 0 ? item.RequiredLabels : required))
                complete[i]++;
            if (decided || item.Labels.Count > 0)
                started[i]++;
            if (item.Labels.Count >= 2)
                labelled[i].Add(item);
        }

        return new ReviewSummary(buckets, tasks, complete, started, labelled, required);
    }

    /// <summary>Distinct reviewers among the labels (the count of <see cref="Assurance.LabelAgreement.CurrentLabels"/>), without grouping: a task has a handful.</summary>
    internal static int Reviewers(ReviewedItem item)
    {
        var labels = item.Labels;
        var count = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            var first = true;
            for (var j = 0; j < i && first; j++)
                first = !string.Equals(labels[j].Reviewer, labels[i].Reviewer, StringComparison.Ordinal);
            if (first)
                count++;
        }

        return count;
    }
}
