using Assay.Domain;

namespace Assay.Server.Queries;

/// <summary>An interaction as returned by <c>GET /v1/interactions/{id}</c>.</summary>
/// <param name="SelfAgreement">Stored self-agreement scores (client samples, samples Assay drew), with the drawn samples.</param>
internal sealed record InteractionView(
    Interaction Interaction,
    IReadOnlyList<Flag> Flags,
    DateTimeOffset ReceivedAt,
    ProcessingView Processing,
    IReadOnlyList<Storage.SelfAgreementRecord> SelfAgreement);

/// <summary>Whether the pipeline has processed an interaction, and under which policy.</summary>
internal sealed record ProcessingView(string State, string? Policy);

/// <summary>A flag with the interaction it belongs to, as listed by <c>GET /v1/flags</c>.</summary>
internal sealed record FlagView(
    string InteractionId,
    DateTimeOffset OccurredAt,
    string Rule,
    string Category,
    Severity Severity,
    string Policy,
    IReadOnlyList<Evidence> Evidence,
    string Explanation);

/// <summary>One page of flags; <see cref="Next"/> is the cursor of the following page, null on the last.</summary>
internal sealed record FlagListView(IReadOnlyList<FlagView> Flags, string? Next);

/// <summary>An interaction as listed by <c>GET /v1/interactions</c>: as stored, with its routing tier and current flags.</summary>
/// <param name="Tier">The routing tier; null while unprocessed.</param>
internal sealed record InteractionSummaryView(
    Interaction Interaction,
    IReadOnlyList<Flag> Flags,
    DateTimeOffset ReceivedAt,
    ProcessingView Processing,
    Routing.Tier? Tier);

/// <summary>One page of interactions, newest first; <see cref="Next"/> is the cursor of the following page, null on the last.</summary>
internal sealed record InteractionListView(IReadOnlyList<InteractionSummaryView> Interactions, string? Next);
