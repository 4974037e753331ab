using Assay.Routing;

namespace Assay.Storage;

/// <summary>A filter over stored interactions, read page by page, newest first (by time, then by arrival).</summary>
/// <param name="From">Inclusive lower bound on the interaction's time.</param>
/// <param name="To">Exclusive upper bound on the interaction's time.</param>
/// <param name="Project">Keep this project's interactions only; null for every project.</param>
/// <param name="Scope">The caller's project: nothing of another project is returned, whatever the other filters say; null for every project.</param>
/// <param name="Session">The client's <c>metadata.session_id</c>.</param>
/// <param name="Tier">The routing tier the pipeline gave it; unprocessed interactions have none.</param>
/// <param name="Flagged">True: at least one current flag (of the policy that processed it); false: none.</param>
/// <param name="Category">Keep interactions with a current flag of this category (and of <paramref name="Rule"/>, when both are given, on the same flag).</param>
/// <param name="Text">Words that must all appear in the input messages, the response or the reasoning; whole words, case-insensitive, never query syntax.</param>
/// <param name="After">Opaque cursor from the previous page (<see cref="InteractionCursor"/>); null for the first page.</param>
public sealed record InteractionQuery(
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Project = null,
    string? Scope = null,
    string? Model = null,
    string? ModelVersion = null,
    string? Session = null,
    Tier? Tier = null,
    bool? Flagged = null,
    string? Category = null,
    string? Rule = null,
    string? Text = null,
    string? After = null,
    int Limit = 100);
