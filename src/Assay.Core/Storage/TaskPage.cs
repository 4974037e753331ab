using Assay.Review;

namespace Assay.Storage;

/// <summary>One page of a task list in task order; <see cref="NextAfter"/> is the last task id when more may follow, else null.</summary>
public sealed record TaskPage(IReadOnlyList<TaskSummary> Tasks, long? NextAfter);
