using Assay.Pipeline;
using Assay.Server.Auth;
using Assay.Server.Queries;
using Assay.Storage;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;

namespace Assay.Server.Ui;

/// <summary>The UI's Interactions pages: the filterable list and one interaction; the same store call and filters as <c>GET /v1/interactions</c>.</summary>
internal static class InteractionUiEndpoints
{
    public static void MapInteractionPages(this RouteGroupBuilder ui)
    {
        var reviewer = ui.MapGroup("").RequireAuthorization(UiAuthentication.Reviewer);
        reviewer.MapGet("/interactions", ListAsync);
        reviewer.MapGet("/interactions/{id}", DetailAsync);
    }

    private static async Task<IResult> ListAsync(HttpContext context, IAntiforgery antiforgery, IInteractionStore store, FlagVocabulary vocabulary)
    {
        // A GET form sends its empty fields too; an empty field is no filter.
        var filled = context.Request.Query.Where(p => !StringValues.IsNullOrEmpty(p.Value) && p.Value.ToString().Length > 0)
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var shown = filled.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
        var caller = Caller.From(context)!;
        var frame = UiResponse.Frame(context, antiforgery);
        if (InteractionListRequest.TryRead(new QueryCollection(filled), vocabulary, caller.ProjectFilter, out var query) is { } problem)
        {
            var error = problem.ProblemDetails.Detail ?? "These filters cannot be read.";
            return UiResponse.Html(context, frame, InteractionsPage.Render(frame, shown, vocabulary, null, error), StatusCodes.Status400BadRequest);
        }

        var page = await store.QueryInteractionsAsync(query, context.RequestAborted);
        return UiResponse.Html(context, frame, InteractionsPage.Render(frame, shown, vocabulary, page, null));
    }

    private static async Task<IResult> DetailAsync(string id, HttpContext context, IAntiforgery antiforgery, IInteractionStore store)
    {
        var frame = UiResponse.Frame(context, antiforgery);
        if (!RawPathSegment.TryDecodeLast(context, id, out id, out _))
            return UiResponse.Html(context, frame, MessagePage.Render(frame, "Interaction not found", "That address names no interaction."), StatusCodes.Status404NotFound);
        var record = await store.GetAsync(id, context.RequestAborted);
        // Another project's interaction reads exactly like a missing one.
        if (record is null || !Caller.From(context)!.Sees(record.Stored.Interaction.Metadata.Project))
            return UiResponse.Html(context, frame, MessagePage.Render(frame, "Interaction not found", $"No interaction '{id}' exists in your project."), StatusCodes.Status404NotFound);
        return UiResponse.Html(context, frame, InteractionDetailPage.Render(frame, record));
    }
}
