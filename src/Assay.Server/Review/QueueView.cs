using Assay.Review;
using Assay.Routing;

namespace Assay.Server.Review;

/// <summary>
/// The review queue as <c>GET /v1/review/queue</c> answers it: open tasks by tier, category and age, the closed counts,
/// and per tier the backlog a reviewer plans by (how many wait and how long the oldest has waited).
/// </summary>
/// <remarks>Ages are whole seconds at the moment of the answer: task age since routed to review, interaction age since it happened.</remarks>
internal sealed record QueueView(
    IReadOnlyDictionary<Tier, int> OpenByTier,
    IReadOnlyDictionary<string, int> OpenByCategory,
    IReadOnlyDictionary<string, int> ByAge,
    int AwaitingAdjudication,
    int Done,
    IReadOnlyList<TierBacklogView> Backlog)
{
    public static QueueView From(QueueOverview overview, IReadOnlyList<TierBacklog> backlog) =>
        new(overview.OpenByTier, overview.OpenByCategory, overview.ByAge, overview.AwaitingAdjudication, overview.Done,
            backlog.Select(TierBacklogView.From).ToList());
}

/// <summary>The open tasks of one tier: how many, and the oldest waiting task with when it was routed and when its interaction happened.</summary>
/// <remarks>
/// Times, not ages: an age would change the answer every second, so that two reads around another reviewer's label would
/// differ for no reason of theirs (the blind-review leak test compares such reads); a client takes its own clock's difference.
/// </remarks>
internal sealed record TierBacklogView(Tier Tier, int Open, long OldestTaskId, DateTimeOffset OldestRoutedAt, DateTimeOffset OldestOccurredAt)
{
    public static TierBacklogView From(TierBacklog backlog) => new(backlog.Tier, backlog.Open, backlog.OldestTaskId, backlog.OldestRoutedAt, backlog.OldestOccurredAt);
}
