using Assay.Review;

namespace Assay.Storage;

/// <summary>The storage port of human oversight: review tasks, blind labels, adjudications and API keys.</summary>
/// <remarks>
/// Every read and write is scoped to a project (<see cref="ApiKey.AllProjects"/> sees all), so that one
/// project's key can never reach another's data. Label changes never overwrite: a revision supersedes.
/// </remarks>
public interface IReviewStore
{
    /// <summary>
    /// Hands <paramref name="reviewer"/> a task for <paramref name="hold"/>: their own unexpired assignment if they have one,
    /// else the highest-priority open task they have not labelled that still has a free place, assigning it to them.
    /// </summary>
    /// <remarks>
    /// A task has a free place while its current labels plus the unexpired assignments of other reviewers are fewer than
    /// its required labels, so two reviewers asking at once (on one node or several) never both get a task that needs one
    /// more label. Assigning is one transaction; labelling the task ends the assignment; an assignment left alone expires.
    /// </remarks>
    Task<ReviewTask?> NextTaskAsync(string reviewer, string project, TimeSpan hold, CancellationToken cancellationToken);

    Task<ReviewTask?> GetTaskAsync(long taskId, string project, CancellationToken cancellationToken);

    /// <summary>Whether <paramref name="reviewer"/> has a current label on the task.</summary>
    Task<bool> HasLabelledAsync(long taskId, string reviewer, CancellationToken cancellationToken);

    Task<(LabelOutcome Outcome, Label? Label)> SubmitLabelAsync(long taskId, string reviewer, Verdict verdict, double? seconds, string project, CancellationToken cancellationToken);

    /// <summary>Replaces the reviewer's own label on an open task; the old one is kept, marked superseded.</summary>
    Task<(LabelOutcome Outcome, Label? Label)> ReviseLabelAsync(long taskId, string reviewer, Verdict verdict, double? seconds, string project, CancellationToken cancellationToken);

    /// <summary>Current labels of a task (leads only: the API enforces the blind rule).</summary>
    Task<IReadOnlyList<Label>> LabelsAsync(long taskId, string project, CancellationToken cancellationToken);

    /// <summary>Tasks of <paramref name="project"/> after task <paramref name="afterTaskId"/>, in task order, optionally only those in <paramref name="status"/> or of one interaction (leads only: the API enforces it).</summary>
    Task<TaskPage> ListTasksAsync(string project, string? status, string? interactionId, long afterTaskId, int limit, CancellationToken cancellationToken);

    /// <summary>A task whose labels disagree, for a lead to decide: the highest priority first, then the oldest (as the review queue).</summary>
    Task<ReviewTask?> NextAdjudicationAsync(string project, CancellationToken cancellationToken);

    /// <summary>Stores a lead's decision with the labels it was based on, and closes the task.</summary>
    Task<bool> AdjudicateAsync(long taskId, string lead, Verdict verdict, string project, CancellationToken cancellationToken);

    Task<Verdict?> AdjudicationAsync(long taskId, string project, CancellationToken cancellationToken);

    /// <summary>Open tasks per tier with their oldest routing and interaction times, highest tier first.</summary>
    Task<IReadOnlyList<TierBacklog>> BacklogAsync(string project, CancellationToken cancellationToken);

    Task<QueueOverview> OverviewAsync(string project, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Reviewed items with labels, for agreement and assurance metrics; <paramref name="from"/> inclusive, <paramref name="to"/> exclusive on interaction time.</summary>
    /// <param name="policy">Only items routed by this policy version (its hash, or a prefix of it); null for every version.</param>
    Task<IReadOnlyList<ReviewedItem>> ReviewedItemsAsync(string project, DateTimeOffset from, DateTimeOffset to, string? policy, CancellationToken cancellationToken);

    /// <summary>
    /// The judge verdicts, under the policy each interaction was processed with, on the interactions
    /// <see cref="ReviewedItemsAsync"/> returns for the same arguments; in interaction id and rule order.
    /// </summary>
    Task<IReadOnlyList<ReviewedVerdict>> ReviewedVerdictsAsync(string project, DateTimeOffset from, DateTimeOffset to, string? policy, CancellationToken cancellationToken);

    /// <summary>
    /// The review tasks of interactions in [<paramref name="from"/>, <paramref name="to"/>) counted per bucket of
    /// <paramref name="bucketWidth"/> from <paramref name="bucketStart"/> (<paramref name="buckets"/> of them), with the
    /// started items in full: the review charts' input, without reading every unlabelled task as an item.
    /// </summary>
    Task<ReviewCensus> CensusAsync(string project, DateTimeOffset from, DateTimeOffset to, DateTimeOffset bucketStart, TimeSpan bucketWidth, int buckets, CancellationToken cancellationToken);

    /// <summary>How many processed interactions each tier received, and how many each rule flagged, in the window.</summary>
    Task<PopulationCounts> PopulationAsync(string project, DateTimeOffset from, DateTimeOffset to, string? policy, CancellationToken cancellationToken);

    /// <summary>Replaces the demo's injected truth with <paramref name="truths"/> (one row per category and measure): <c>assay demo</c> writes it once its traffic is in.</summary>
    Task SaveDemoTruthAsync(IReadOnlyList<Demo.DemoTruth> truths, CancellationToken cancellationToken);

    /// <summary>The demo's injected truth by category, then measure; empty unless <c>assay demo</c> made this database.</summary>
    Task<IReadOnlyList<Demo.DemoTruth>> DemoTruthAsync(CancellationToken cancellationToken);

    Task CreateKeyAsync(ApiKey key, string secretHash, CancellationToken cancellationToken);

    /// <summary>The key with its stored secret hash, or null; revoked keys are returned too (callers check).</summary>
    Task<(ApiKey Key, string SecretHash)?> FindKeyAsync(string keyId, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="max"/> keys of <paramref name="project"/> (only those; <see cref="ApiKey.AllProjects"/> lists
    /// every key), oldest first (by creation, then id); only those after key <paramref name="afterKeyId"/> when given.
    /// </summary>
    Task<IReadOnlyList<ApiKey>> ListKeysAsync(string project, string? afterKeyId, int max, CancellationToken cancellationToken);

    Task<bool> RevokeKeyAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Records that the key authenticated a request at <paramref name="at"/>; a no-op when it is already recorded within <see cref="ApiKey.LastUsedResolution"/>.</summary>
    Task TouchKeyAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken);
}
