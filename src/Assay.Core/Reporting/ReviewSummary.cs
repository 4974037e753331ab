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
        var tasks = new int[buckets.Count];
        foreach (var item in items)
        {
            if (Bucket(buckets, item) is { } i)
                tasks[i]++;
        }

        return From(tasks, items, buckets, policy);
    }

    /// <summary>The summary from tasks counted elsewhere (the store's <see cref="Storage.ReviewCensus"/>) and the items someone started.</summary>
    /// <param name="tasks">Review tasks per bucket.</param>
    /// <param name="started">At least every item with a label or a decision; an item with neither counts for nothing here.</param>
    public static ReviewSummary From(IReadOnlyList<int> tasks, IReadOnlyList<ReviewedItem> started, TimeBuckets buckets, ReviewPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(started);
        ArgumentNullException.ThrowIfNull(buckets);
        ArgumentNullException.ThrowIfNull(policy);
        if (tasks.Count != buckets.Count)
            throw new ArgumentException($"{tasks.Count} task counts for {buckets.Count} buckets", nameof(tasks));
        var required = policy.LabelsPerTask;
        var (complete, begun) = (new int[buckets.Count], new int[buckets.Count]);
        var labelled = new List<ReviewedItem>[buckets.Count];
        for (var i = 0; i < labelled.Length; i++)
            labelled[i] = [];
        foreach (var item in started)
        {
            if (Bucket(buckets, item) is not { } i)
                continue;
            var decided = item.Adjudicated is not null;
            if (decided || Reviewers(item) >= (item.RequiredLabels > 0 ? item.RequiredLabels : required))
                complete[i]++;
            if (decided || item.Labels.Count > 0)
                begun[i]++;
            if (item.Labels.Count >= 2)
                labelled[i].Add(item);
        }

        return new ReviewSummary(buckets, tasks, complete, begun, labelled, required);
    }

    private static int? Bucket(TimeBuckets buckets, ReviewedItem item)
    {
        var index = buckets.IndexOf(item.OccurredAt);
        return index < 0 || index >= buckets.Count || !buckets.InRange(item.OccurredAt) ? null : (int)index;
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
