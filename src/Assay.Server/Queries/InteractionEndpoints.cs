using Assay.Domain;
using Assay.Pipeline;
using Assay.Server.Auth;
using Assay.Server.Http;
using Assay.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Assay.Server.Queries;

/// <summary>Read endpoints: one interaction with its flags, the interaction list, and the flag list.</summary>
internal static class InteractionEndpoints
{
    public static void MapQueries(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/interactions/{id}", GetInteractionAsync)
            .WithName("GetInteraction")
            .WithSummary("An interaction as stored, with its flags")
            .WithDescription("The id is one path segment, percent-encoded (e.g. 'a/b' as a%2Fb); it is decoded exactly once, as UTF-8.")
            .Produces<InteractionView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        routes.MapGet("/v1/interactions", ListInteractionsAsync)
            .WithName("ListInteractions")
            .WithSummary("Interactions newest first, filtered by time, project, model, version, session, tier, flags and words, paged by cursor")
            .WithDescription("Each interaction comes with its routing tier and the flags of the policy that processed it. 'q' matches interactions whose input, response or reasoning hold every word of it (whole words, any case); its text is never query syntax.")
            .Produces<InteractionListView>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        routes.MapGet("/v1/flags", QueryFlagsAsync)
            .WithName("QueryFlags")
            .WithSummary("Flags filtered by category, rule, severity and time, paged by cursor")
            .Produces<FlagListView>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> GetInteractionAsync(string id, HttpContext context, IInteractionStore store, CancellationToken cancellationToken)
    {
        if (!RawPathSegment.TryDecodeLast(context, id, out id, out var error))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "invalid-parameter", "Invalid path parameter", $"'id' {error}",
                extra: new Dictionary<string, object?> { ["errors"] = new[] { new Problems.ParameterError("id", error) } });
        }

        var record = await store.GetAsync(id, cancellationToken);
        // Another project's interaction is answered exactly like a missing one: its existence is not revealed.
        if (record is null || !(Caller.From(context) ?? Caller.Anonymous).Sees(record.Stored.Interaction.Metadata.Project))
            return Problems.Create(StatusCodes.Status404NotFound, "not-found", "No such interaction", $"no interaction with id '{id}' is stored");
        var stored = record.Stored;
        return TypedResults.Ok(new InteractionView(stored.Interaction, record.Flags, stored.ReceivedAt, Processing(stored), record.SelfAgreement));
    }

    private static async Task<IResult> ListInteractionsAsync(HttpRequest request, IInteractionStore store, FlagVocabulary vocabulary, CancellationToken cancellationToken)
    {
        var scope = (Caller.From(request.HttpContext) ?? Caller.Anonymous).ProjectFilter;
        if (InteractionListRequest.TryRead(request.Query, vocabulary, scope, out var query) is { } problem)
            return problem;
        var page = await store.QueryInteractionsAsync(query, cancellationToken);
        var items = page.Items.Select(i => new InteractionSummaryView(
            i.Stored.Interaction, i.Flags, i.Stored.ReceivedAt, Processing(i.Stored), i.Tier)).ToList();
        return TypedResults.Ok(new InteractionListView(items, page.Next));
    }

    private static ProcessingView Processing(StoredInteraction stored) =>
        stored.ProcessedPolicy is null ? new ProcessingView("pending", null) : new ProcessingView("done", stored.ProcessedPolicy);

    private static async Task<IResult> QueryFlagsAsync(
        HttpRequest request, IInteractionStore store, FlagVocabulary vocabulary, CancellationToken cancellationToken,
        string? category = null, string? rule = null, string? severity = null,
        string? from = null, string? to = null, string? cursor = null, string? limit = null)
    {
        if (category is not null && !vocabulary.Categories.Contains(category))
            return Problems.Parameter("category", FlagVocabulary.Unknown(category, "category", vocabulary.Categories));
        if (rule is not null && !vocabulary.Rules.Contains(rule))
            return Problems.Parameter("rule", FlagVocabulary.Unknown(rule, "rule", vocabulary.Rules));
        Severity? minSeverity = null;
        if (severity is not null)
        {
            if (!EnumText.TryParse<Severity>(severity, out var parsed))
                return Problems.Parameter("severity", "must be one of low, medium, high, critical");
            minSeverity = parsed;
        }

        if (!TryTime(from, out var fromTime))
            return Problems.Parameter("from", "must be an RFC 3339 date-time, e.g. 2026-11-27T00:00:00Z");
        if (!TryTime(to, out var toTime))
            return Problems.Parameter("to", "must be an RFC 3339 date-time, e.g. 2026-11-28T00:00:00Z");
        if (Paging.Limit(limit, out var pageSize) is { } badLimit)
            return badLimit;
        if (Paging.Unknown(request.Query, "category", "rule", "severity", "from", "to", "cursor", "limit") is { } unknown)
            return unknown;

        try
        {
            var project = (Caller.From(request.HttpContext) ?? Caller.Anonymous).ProjectFilter;
            var page = await store.QueryFlagsAsync(new FlagQuery(category, rule, minSeverity, fromTime, toTime, cursor, pageSize, project), cancellationToken);
            var flags = page.Flags.Select(f => new FlagView(f.InteractionId, f.OccurredAt, f.Flag.Rule, f.Flag.Category, f.Flag.Severity, f.Flag.Policy, f.Flag.Evidence, f.Flag.Explanation)).ToList();
            return TypedResults.Ok(new FlagListView(flags, page.Next));
        }
        catch (ArgumentException e) when (e.ParamName == "cursor")
        {
            return Problems.Parameter("cursor", "is not a cursor this server issued");
        }
    }

    private static bool TryTime(string? text, out DateTimeOffset? time) => InteractionListRequest.TryTime(text, out time);
}
