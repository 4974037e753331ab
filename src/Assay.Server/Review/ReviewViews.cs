using Assay.Domain;
using Assay.Review;
using Assay.Routing;
using Assay.Server.Auth;

namespace Assay.Server.Review;

/// <summary>A task as the API shows it; the label count and the adjudication state are for leads only, so reviewers stay blind.</summary>
internal sealed record TaskView(long TaskId, Interaction Interaction, IReadOnlyList<Flag> Flags, Tier Tier, double InclusionProbability,
    string Reason, int RequiredLabels, int? LabelCount, string Status, DateTimeOffset CreatedAt)
{
    public static TaskView For(ReviewTask task, Caller caller) => new(task.TaskId, task.Interaction, task.Flags, task.Tier,
        task.InclusionProbability, task.Reason, task.RequiredLabels, caller.IsLead ? task.LabelCount : null, BlindRule.Status(task.Status, caller), task.CreatedAt);
}

/// <summary>A label as leads see it.</summary>
internal sealed record LabelView(long LabelId, string Reviewer, IReadOnlyList<string> Categories, bool NoFailure, Severity? Severity, string? Note, double? Seconds, DateTimeOffset CreatedAt)
{
    public static LabelView From(Label label) => new(label.LabelId, label.Reviewer, label.Verdict.Categories.Order(StringComparer.Ordinal).ToList(),
        label.Verdict.NoFailure, label.Verdict.Severity, label.Verdict.Note, label.Seconds, label.CreatedAt);
}

/// <summary>A disagreement waiting for a lead: the task and the labels that disagree.</summary>
internal sealed record AdjudicationView(TaskView Task, IReadOnlyList<LabelView> Labels);

/// <summary>The answer to a label or a decision.</summary>
internal sealed record LabelResult(long LabelId, long TaskId, string Outcome);

/// <summary>A page of a lead's task list; <c>next</c> is the cursor of the following page, null on the last.</summary>
internal sealed record TaskList(IReadOnlyList<TaskSummary> Tasks, string? Next);

/// <summary>A page of a task's current labels, oldest first; <c>next</c> is the cursor of the following page, null on the last.</summary>
internal sealed record LabelList(IReadOnlyList<LabelView> Labels, string? Next);

/// <summary>The documented shape of a label or adjudication body (read by <see cref="LabelRequest"/>).</summary>
internal sealed record LabelDocument(IReadOnlyList<string>? Categories, bool? NoFailure, Severity? Severity, string? Note, double? Seconds);
