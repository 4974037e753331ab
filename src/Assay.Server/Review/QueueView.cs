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
    public static QueueView From(QueueOverview overview, IReadOnlyList<TierBacklog> backlog, DateTimeOffset now) =>
        new(overview.OpenByTier, overview.OpenByCategory, overview.ByAge, overview.AwaitingAdjudication, overview.Done,
            backlog.Select(b => TierBacklogView.From(b, now)).ToList());
}

/// <summary>The open tasks of one tier: how many, and the oldest waiting task with its task and interaction ages in seconds.</summary>
internal sealed record TierBacklogView(Tier Tier, int Open, long OldestTaskId, DateTimeOffset OldestRoutedAt, long OldestTaskAgeSeconds,
    DateTimeOffset OldestOccurredAt, long OldestInteractionAgeSeconds)
{
    public static TierBacklogView From(TierBacklog backlog, DateTimeOffset now) => new(backlog.Tier, backlog.Open, backlog.OldestTaskId,
        backlog.OldestRoutedAt, Seconds(now - backlog.OldestRoutedAt), backlog.OldestOccurredAt, Seconds(now - backlog.OldestOccurredAt));

    // A clock a little behind the store's never shows a negative age.
    private static long Seconds(TimeSpan age) => Math.Max(0, (long)age.TotalSeconds);
}
