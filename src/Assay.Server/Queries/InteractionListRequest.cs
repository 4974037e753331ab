using Assay.Domain;
using Assay.Pipeline;
using Assay.Routing;
using Assay.Server.Http;
using Assay.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Assay.Server.Queries;

/// <summary>
/// Reads the query string of an interaction list into an <see cref="InteractionQuery"/>, or the problem naming the first bad
/// parameter: shared by <c>GET /v1/interactions</c> and the UI's Interactions page, so both accept exactly the same filters.
/// </summary>
internal static class InteractionListRequest
{
    /// <summary>Every parameter the list accepts, in the order the docs list them.</summary>
    public static readonly string[] Parameters =
        ["from", "to", "project", "model", "model_version", "session", "tier", "flagged", "category", "rule", "q", "cursor", "limit"];

    /// <summary>The query for <paramref name="query"/>, scoped to <paramref name="scope"/> (the caller's project, null for all).</summary>
    public static ProblemHttpResult? TryRead(IQueryCollection query, FlagVocabulary vocabulary, string? scope, out InteractionQuery result)
    {
        result = new InteractionQuery();
        if (Paging.Unknown(query, Parameters) is { } unknown)
            return unknown;
        foreach (var name in Parameters)
        {
            if (query[name].Count > 1)
                return Problems.Parameter(name, "is given more than once");
        }

        string? Text(string name) => query[name].Count == 0 ? null : query[name].ToString();
        var category = Text("category");
        var rule = Text("rule");
        if (category is not null && !vocabulary.Categories.Contains(category))
            return Problems.Parameter("category", FlagVocabulary.Unknown(category, "category", vocabulary.Categories));
        if (rule is not null && !vocabulary.Rules.Contains(rule))
            return Problems.Parameter("rule", FlagVocabulary.Unknown(rule, "rule", vocabulary.Rules));
        if (!TryTime(Text("from"), out var from))
            return Problems.Parameter("from", "must be an RFC 3339 date-time, e.g. 2026-11-27T00:00:00Z");
        if (!TryTime(Text("to"), out var to))
            return Problems.Parameter("to", "must be an RFC 3339 date-time, e.g. 2026-11-28T00:00:00Z");
        Tier? tier = null;
        if (Text("tier") is { } tierText)
        {
            if (!EnumText.TryParse<Tier>(tierText, out var parsed))
                return Problems.Parameter("tier", "must be one of none, audit, flagged, critical");
            tier = parsed;
        }

        bool? flagged = Text("flagged") switch
        {
            null => null,
            "true" => true,
            "false" => false,
            _ => null,
        };
        if (flagged is null && Text("flagged") is not null)
            return Problems.Parameter("flagged", "must be true or false");
        var text = Text("q");
        if (text is not null && SearchText.Words(text).Count == 0)
            return Problems.Parameter("q", "must hold at least one word (letters or digits) to search for");
        if (Paging.Limit(Text("limit"), out var limit) is { } badLimit)
            return badLimit;
        var cursor = Text("cursor");
        try
        {
            InteractionCursor.Decode(cursor);
        }
        catch (ArgumentException)
        {
            return Paging.BadCursor();
        }

        result = new InteractionQuery(from, to, Text("project"), scope, Text("model"), Text("model_version"), Text("session"),
            tier, flagged, category, rule, text, cursor, limit);
        return null;
    }

    public static bool TryTime(string? text, out DateTimeOffset? time)
    {
        time = null;
        if (text is null)
            return true;
        if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed))
        {
            time = parsed;
            return true;
        }

        return false;
    }
}
