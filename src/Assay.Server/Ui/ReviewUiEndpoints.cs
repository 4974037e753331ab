using Assay.Assurance;
using Assay.Audit;
using Assay.Policy;
using Assay.Review;
using Assay.Server.Auth;
using Assay.Server.Review;
using Assay.Storage;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Assay.Server.Ui;

/// <summary>The UI's review, adjudication, agreement and metrics pages; each calls the same store methods as the REST API.</summary>
/// <remarks>After a form is handled the browser is redirected, so that reloading never submits twice.</remarks>
internal static class ReviewUiEndpoints
{
    public static void MapReviewPages(this RouteGroupBuilder ui)
    {
        var reviewer = ui.MapGroup("").RequireAuthorization(UiAuthentication.Reviewer);
        reviewer.MapGet("/review", ReviewAsync);
        reviewer.MapGet("/review/{taskId:long}", TaskAsync);
        reviewer.MapPost("/review/{taskId:long}", LabelAsync);
        reviewer.MapGet("/agreement", AgreementAsync);
        reviewer.MapGet("/metrics", MetricsAsync);
        var lead = ui.MapGroup("").RequireAuthorization(UiAuthentication.Lead);
        lead.MapGet("/adjudicate", AdjudicationAsync);
        lead.MapPost("/adjudicate/{taskId:long}", AdjudicateAsync);
    }

    private static async Task<IResult> ReviewAsync(HttpContext context, IAntiforgery antiforgery, IReviewStore store, PolicyDocument policy, AssayServerOptions options,
        long? done = null, string? outcome = null)
    {
        var caller = Caller.From(context)!;
        var task = await store.NextTaskAsync(caller.Name, caller.Project, options.ReviewHold, context.RequestAborted);
        var frame = UiResponse.Frame(context, antiforgery);
        return UiResponse.Html(context, frame, ReviewPage.Render(frame, task, policy.Taxonomy, StatusMessage(done, outcome)));
    }

    /// <summary>One task by its address (the label form posts there): the task to label, or a page saying why not.</summary>
    /// <remarks>Says only what the caller did (labelled it) or may know (it is not in their project), never what others did.</remarks>
    private static async Task<IResult> TaskAsync(long taskId, HttpContext context, IAntiforgery antiforgery, IReviewStore store, PolicyDocument policy)
    {
        var caller = Caller.From(context)!;
        var task = await store.GetTaskAsync(taskId, caller.Project, context.RequestAborted);
        var frame = UiResponse.Frame(context, antiforgery);
        if (task is null)
            return UiResponse.Html(context, frame, MessagePage.Render(frame, "Task not found", $"Task {taskId} does not exist in your project."), StatusCodes.Status404NotFound);
        if (await store.HasLabelledAsync(taskId, caller.Name, context.RequestAborted))
        {
            return UiResponse.Html(context, frame, MessagePage.Render(frame, "Already labelled",
                $"You have already labelled task {taskId}. Each reviewer labels a task once and reviewing is blind, so it is not shown again; the next task is waiting."));
        }

        if (BlindRule.Status(task.Status, caller) != "open")
            return UiResponse.Html(context, frame, MessagePage.Render(frame, "Task closed", $"Task {taskId} needs no more labels."));
        return UiResponse.Html(context, frame, ReviewPage.Render(frame, task, policy.Taxonomy));
    }

    private static async Task<IResult> LabelAsync(long taskId, IFormCollection form, HttpContext context, IAntiforgery antiforgery, IReviewStore store, IAuditStore audit, PolicyDocument policy)
    {
        var caller = Caller.From(context)!;
        var (verdict, seconds, error) = VerdictForm.Read(form, policy.Taxonomy);
        if (verdict is null)
        {
            // Show the same task again with the reason; the reviewer has not labelled it yet.
            var task = await store.GetTaskAsync(taskId, caller.Project, context.RequestAborted);
            var frame = UiResponse.Frame(context, antiforgery);
            return UiResponse.Html(context, frame, ReviewPage.Render(frame, task, policy.Taxonomy, null, error, LabelDraft.From(form)), StatusCodes.Status400BadRequest);
        }

        var (outcome, label) = await store.SubmitLabelAsync(taskId, caller.Name, verdict, seconds, caller.Project, context.RequestAborted);
        if (label is not null)
            await audit.AppendAsync(AuditRecords.Label(caller.Actor, label, revision: false), context.RequestAborted);
        // Reviewers learn only that their label was stored, never whether the others agreed (the blind rule).
        var shown = outcome is LabelOutcome.Agreed or LabelOutcome.Disagreed && !caller.IsLead ? LabelOutcome.Stored : outcome;
        return Results.Redirect($"/ui/review?done={taskId}&outcome={shown.ToString().ToLowerInvariant()}");
    }

    private static async Task<IResult> AdjudicationAsync(HttpContext context, IAntiforgery antiforgery, IReviewStore store, PolicyDocument policy, long? done = null, string? outcome = null)
    {
        var caller = Caller.From(context)!;
        var task = await store.NextAdjudicationAsync(caller.Project, context.RequestAborted);
        var labels = task is null ? [] : await store.LabelsAsync(task.TaskId, caller.Project, context.RequestAborted);
        var frame = UiResponse.Frame(context, antiforgery);
        return UiResponse.Html(context, frame, AdjudicationPage.Render(frame, task, labels, policy.Taxonomy, StatusMessage(done, outcome)));
    }

    private static async Task<IResult> AdjudicateAsync(long taskId, IFormCollection form, HttpContext context, IAntiforgery antiforgery, IReviewStore store, IAuditStore audit, PolicyDocument policy)
    {
        var caller = Caller.From(context)!;
        var (verdict, _, error) = VerdictForm.Read(form, policy.Taxonomy);
        if (verdict is null)
        {
            var task = await store.GetTaskAsync(taskId, caller.Project, context.RequestAborted);
            var labels = task is null ? [] : await store.LabelsAsync(taskId, caller.Project, context.RequestAborted);
            var frame = UiResponse.Frame(context, antiforgery);
            return UiResponse.Html(context, frame, AdjudicationPage.Render(frame, task, labels, policy.Taxonomy, null, error, LabelDraft.From(form)), StatusCodes.Status400BadRequest);
        }

        var decided = await store.GetTaskAsync(taskId, caller.Project, context.RequestAborted) is not null
            && await store.AdjudicateAsync(taskId, caller.Name, verdict, caller.Project, context.RequestAborted);
        if (decided)
            await audit.AppendAsync(AuditRecords.Adjudicated(caller.Actor, taskId, verdict), context.RequestAborted);
        return Results.Redirect($"/ui/adjudicate?done={taskId}&outcome={(decided ? "decided" : "refused")}");
    }

    private static async Task<IResult> AgreementAsync(HttpContext context, IAntiforgery antiforgery, IReviewStore store, PolicyDocument policy, TimeProvider clock)
    {
        var (from, to, _) = MetricsEndpoints.Window(null, null, clock);
        var caller = Caller.From(context)!;
        var items = BlindRule.Items(await store.ReviewedItemsAsync(caller.Project, from, to, null, context.RequestAborted), caller);
        var report = LabelAgreement.Compute(items, policy.Review, MetricsEndpoints.Options(policy));
        var frame = UiResponse.Frame(context, antiforgery);
        return UiResponse.Html(context, frame, AgreementPage.Render(frame, report, from, to));
    }

    private static async Task<IResult> MetricsAsync(HttpContext context, IAntiforgery antiforgery, IReviewStore store, PolicyDocument policy, TimeProvider clock)
    {
        var (from, to, _) = MetricsEndpoints.Window(null, null, clock);
        var caller = Caller.From(context)!;
        var (report, items) = await MetricsEndpoints.ReportAsync(store, policy, caller, from, to, null, context.RequestAborted);
        // The demo's truth is for leads only (a reviewer must label blind), and only over every project, which is what it describes.
        var truth = caller.IsLead && caller.Project == ApiKey.AllProjects ? await store.DemoTruthAsync(context.RequestAborted) : [];
        var frame = UiResponse.Frame(context, antiforgery);
        return UiResponse.Html(context, frame, MetricsPage.Render(frame, report, items.Count(i => i.IsComplete), from, to, new DemoTruthColumn(truth)));
    }

    /// <summary>A fixed sentence per outcome: the query string picks one but never supplies text.</summary>
    private static string? StatusMessage(long? taskId, string? outcome) => taskId is not { } id ? null : outcome switch
    {
        "stored" => $"Label stored for task {id}.",
        "agreed" => $"Label stored; the labels on task {id} agree, so it is done.",
        "disagreed" => $"Label stored; the labels on task {id} disagree, so it goes to a lead.",
        "alreadylabelled" => $"You have already labelled task {id}.",
        "closed" => $"Task {id} is closed; your label was not stored.",
        "notfound" => $"Task {id} is not in your project.",
        "decided" => $"Decision stored for task {id}.",
        "refused" => $"Task {id} does not wait for a decision; nothing was stored.",
        _ => null,
    };
}
