using Assay.Audit;
using Assay.Policy;
using Assay.Review;
using Assay.Server.Auth;
using Assay.Server.Http;
using Assay.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Assay.Server.Review;

/// <summary>The review API: blind labelling for reviewers, labels and adjudication for leads.</summary>
/// <remarks>
/// The blind rule is enforced here: a reviewer never sees another's label, never gets a task they
/// labelled, and cannot open one again; only leads read labels.
/// </remarks>
internal static class ReviewEndpoints
{
    public static void MapReview(this IEndpointRouteBuilder routes)
    {
        var review = routes.MapGroup("/v1/review").RequireAuthorization(AuthPolicies.Review).WithTags("Review");
        review.MapGet("/queue", QueueAsync).WithSummary("Open tasks by tier, category and age, and per tier the backlog: open count and the oldest waiting task's age")
            .Produces<QueueView>();
        review.MapGet("/next", NextAsync).WithSummary("The caller's next task (204 when none)")
            .Produces<TaskView>().Produces(StatusCodes.Status204NoContent);
        review.MapGet("/tasks/{taskId:long}", GetTaskAsync).WithSummary("A task, without anyone's labels (409 for a reviewer who has labelled it)")
            .Produces<TaskView>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        review.MapPost("/tasks/{taskId:long}/labels", (long taskId, HttpContext context, IReviewStore store, IAuditStore audit, PolicyDocument policy) =>
            LabelAsync(taskId, context, store, audit, policy, revise: false)).WithSummary("Submit the caller's label")
            .Accepts<LabelDocument>("application/json").Produces<LabelResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        review.MapPut("/tasks/{taskId:long}/labels/mine", (long taskId, HttpContext context, IReviewStore store, IAuditStore audit, PolicyDocument policy) =>
            LabelAsync(taskId, context, store, audit, policy, revise: true)).WithSummary("Revise the caller's label; the old one is kept")
            .Accepts<LabelDocument>("application/json").Produces<LabelResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        var lead = routes.MapGroup("/v1/review").RequireAuthorization(AuthPolicies.Lead).WithTags("Review");
        lead.MapGet("/tasks", ListTasksAsync).WithSummary("Tasks by state or interaction, in task order, paged by cursor (leads only)")
            .Produces<TaskList>().ProducesProblem(StatusCodes.Status400BadRequest);
        lead.MapGet("/tasks/{taskId:long}/labels", LabelsAsync).WithSummary("Every current label of a task, oldest first, paged by cursor (leads only)")
            .Produces<LabelList>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        lead.MapGet("/adjudications/next", NextAdjudicationAsync).WithSummary("The next task whose labels disagree (204 when none)")
            .Produces<AdjudicationView>().Produces(StatusCodes.Status204NoContent);
        lead.MapPost("/tasks/{taskId:long}/adjudication", AdjudicateAsync).WithSummary("Decide a disagreement")
            .Accepts<LabelDocument>("application/json").Produces<LabelResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    private static async Task<IResult> QueueAsync(HttpContext context, IReviewStore store, TimeProvider clock)
    {
        var project = Caller.From(context)!.Project;
        var now = clock.GetUtcNow();
        var overview = await store.OverviewAsync(project, now, context.RequestAborted);
        var backlog = await store.BacklogAsync(project, context.RequestAborted);
        return TypedResults.Ok(QueueView.From(overview, backlog));
    }

    /// <summary>Hands the caller a task for <see cref="AssayServerOptions.ReviewHold"/>, so that no other reviewer gets its last place meanwhile.</summary>
    private static async Task<IResult> NextAsync(HttpContext context, IReviewStore store, AssayServerOptions options)
    {
        var caller = Caller.From(context)!;
        var task = await store.NextTaskAsync(caller.Name, caller.Project, options.ReviewHold, context.RequestAborted);
        return task is null ? TypedResults.NoContent() : TypedResults.Ok(TaskView.For(task, caller));
    }

    private static async Task<IResult> GetTaskAsync(long taskId, HttpContext context, IReviewStore store)
    {
        var caller = Caller.From(context)!;
        var task = await store.GetTaskAsync(taskId, caller.Project, context.RequestAborted);
        if (task is null)
            return NotFound(taskId);
        if (!caller.IsLead && await store.HasLabelledAsync(taskId, caller.Name, context.RequestAborted))
            return Problems.Create(StatusCodes.Status409Conflict, "already-labelled", "You have labelled this task",
                "a reviewer does not see a task again after labelling it; revise your label with PUT .../labels/mine");
        return TypedResults.Ok(TaskView.For(task, caller));
    }

    private static async Task<IResult> LabelAsync(long taskId, HttpContext context, IReviewStore store, IAuditStore audit, PolicyDocument policy, bool revise)
    {
        var caller = Caller.From(context)!;
        var (body, unreadable) = await JsonBody.ReadAsync(context.Request, context.RequestAborted);
        if (unreadable is not null)
            return unreadable;
        var (verdict, seconds, problems) = LabelRequest.Read(body, policy.Taxonomy.Select(c => c.Id).ToHashSet(StringComparer.Ordinal));
        if (verdict is null)
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid-label", "The label is not valid", $"{problems.Count} problem(s)", problems);
        var (outcome, label) = revise
            ? await store.ReviseLabelAsync(taskId, caller.Name, verdict, seconds, caller.Project, context.RequestAborted)
            : await store.SubmitLabelAsync(taskId, caller.Name, verdict, seconds, caller.Project, context.RequestAborted);
        if (label is not null)
            await audit.AppendAsync(AuditRecords.Label(caller.Actor, label, revise), context.RequestAborted);
        return outcome switch
        {
            LabelOutcome.NotFound => NotFound(taskId),
            LabelOutcome.AlreadyLabelled => Problems.Create(StatusCodes.Status409Conflict, "already-labelled", "You have labelled this task",
                "each reviewer labels a task once; revise with PUT .../labels/mine"),
            LabelOutcome.NothingToRevise => Problems.Create(StatusCodes.Status409Conflict, "nothing-to-revise", "You have no label on this task",
                $"there is nothing to revise: you have not labelled task {taskId}; submit a label with POST .../labels"),
            LabelOutcome.Closed => Problems.Create(StatusCodes.Status409Conflict, "task-closed", "The task is closed", "the task has its labels or waits for a lead"),
            _ => TypedResults.Ok(new LabelResult(label!.LabelId, taskId, BlindRule.Outcome(outcome, caller))),
        };
    }

    private static async Task<IResult> ListTasksAsync(HttpContext context, IReviewStore store, string? state = null, string? interaction_id = null, string? cursor = null, string? limit = null)
    {
        if (Paging.Unknown(context.Request.Query, "state", "interaction_id", "cursor", "limit") is { } unknown)
            return unknown;
        if (state is not (null or "open" or "adjudication" or "done"))
            return Problems.Parameter("state", "must be one of open, adjudication, done");
        if (Paging.NumberCursor(cursor, 't', out var after) is { } badCursor)
            return badCursor;
        if (Paging.Limit(limit, out var size) is { } badLimit)
            return badLimit;
        var page = await store.ListTasksAsync(Caller.From(context)!.Project, state, interaction_id, after ?? 0, size, context.RequestAborted);
        return TypedResults.Ok(new TaskList(page.Tasks, page.NextAfter is { } next ? Paging.NumberCursor('t', next) : null));
    }

    /// <summary>A task's current labels in the shape of every list; a task holds one per reviewer, so the page is cut from the whole in memory.</summary>
    private static async Task<IResult> LabelsAsync(long taskId, HttpContext context, IReviewStore store, string? cursor = null, string? limit = null)
    {
        if (Paging.Unknown(context.Request.Query, "cursor", "limit") is { } unknown)
            return unknown;
        if (Paging.NumberCursor(cursor, 'l', out var after) is { } badCursor)
            return badCursor;
        if (Paging.Limit(limit, out var size) is { } badLimit)
            return badLimit;
        var caller = Caller.From(context)!;
        if (await store.GetTaskAsync(taskId, caller.Project, context.RequestAborted) is null)
            return NotFound(taskId);
        var labels = (await store.LabelsAsync(taskId, caller.Project, context.RequestAborted))
            .Where(l => l.LabelId > (after ?? 0)).OrderBy(l => l.LabelId).ToList();
        var page = labels.Take(size).Select(LabelView.From).ToList();
        return TypedResults.Ok(new LabelList(page, labels.Count > size ? Paging.NumberCursor('l', page[^1].LabelId) : null));
    }

    private static async Task<IResult> NextAdjudicationAsync(HttpContext context, IReviewStore store)
    {
        var caller = Caller.From(context)!;
        var task = await store.NextAdjudicationAsync(caller.Project, context.RequestAborted);
        if (task is null)
            return TypedResults.NoContent();
        var labels = await store.LabelsAsync(task.TaskId, caller.Project, context.RequestAborted);
        return TypedResults.Ok(new AdjudicationView(TaskView.For(task, caller), labels.Select(LabelView.From).ToList()));
    }

    private static async Task<IResult> AdjudicateAsync(long taskId, HttpContext context, IReviewStore store, IAuditStore audit, PolicyDocument policy)
    {
        var caller = Caller.From(context)!;
        var (body, unreadable) = await JsonBody.ReadAsync(context.Request, context.RequestAborted);
        if (unreadable is not null)
            return unreadable;
        var (verdict, _, problems) = LabelRequest.Read(body, policy.Taxonomy.Select(c => c.Id).ToHashSet(StringComparer.Ordinal));
        if (verdict is null)
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid-adjudication", "The decision is not valid", $"{problems.Count} problem(s)", problems);
        if (await store.GetTaskAsync(taskId, caller.Project, context.RequestAborted) is null)
            return NotFound(taskId);
        if (await store.AdjudicateAsync(taskId, caller.Name, verdict, caller.Project, context.RequestAborted))
        {
            await audit.AppendAsync(AuditRecords.Adjudicated(caller.Actor, taskId, verdict), context.RequestAborted);
            return TypedResults.Ok(new LabelResult(0, taskId, "adjudicated"));
        }

        return Problems.Create(StatusCodes.Status409Conflict, "not-in-adjudication", "The task does not wait for a decision", "only tasks whose labels disagree are adjudicated");
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NotFound(long taskId) =>
        Problems.Create(StatusCodes.Status404NotFound, "not-found", "No such task", $"no review task {taskId} in your project");
}
