using Assay.Ingest;

namespace Assay.Storage;

/// <summary>The storage port: the only place Assay's data is read or written.</summary>
/// <remarks>
/// Implementations are thread-safe. <see cref="AppendAsync"/> returns only after the batch is
/// durably committed (as far as the configured durability allows), so callers may acknowledge.
/// </remarks>
public interface IInteractionStore : IAsyncDisposable
{
    /// <summary>Creates or upgrades the schema; safe to call on every start.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Appends a batch in one transaction; one status per item, in order.</summary>
    /// <remarks>Items with the same id in one batch are decided in order: the first wins.</remarks>
    Task<IReadOnlyList<AppendStatus>> AppendAsync(IReadOnlyList<ParsedInteraction> batch, CancellationToken cancellationToken);

    Task<InteractionRecord?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Returns up to <paramref name="max"/> interactions not yet processed, oldest first, claimed or not.</summary>
    /// <remarks>For tools that process alone; a server claims its work with <see cref="ClaimUnprocessedAsync"/>.</remarks>
    Task<IReadOnlyList<StoredInteraction>> ReadUnprocessedAsync(int max, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="max"/> unprocessed interactions for <paramref name="node"/> until now plus
    /// <paramref name="lease"/>, oldest first, and returns them: those nobody holds, or whose holder's lease has expired.
    /// </summary>
    /// <remarks>
    /// Atomic: two nodes claiming at once never get the same interaction. A node that dies leaves its claims to expire,
    /// so the lease bounds how long its batch waits before another node takes it. The node's own unfinished claims come
    /// back too, renewed, so a batch whose completion failed is retried at once; a node claims from one worker at a time.
    /// </remarks>
    Task<IReadOnlyList<StoredInteraction>> ClaimUnprocessedAsync(string node, int max, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Returns up to <paramref name="max"/> interactions after <paramref name="afterSequence"/>, processed or not, in sequence order.</summary>
    Task<IReadOnlyList<StoredInteraction>> ReadAsync(long afterSequence, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Returns what was recorded for up to <paramref name="max"/> interactions after <paramref name="afterSequence"/>, in
    /// sequence order: the same interactions as <see cref="ReadAsync"/> with the same arguments.
    /// </summary>
    Task<IReadOnlyList<RecordedProcessing>> RecordedAsync(long afterSequence, int max, CancellationToken cancellationToken);

    /// <summary>Stores flags and marks the interactions processed, atomically and idempotently.</summary>
    /// <remarks>Completing the same interaction twice under one policy replaces its flags; it never duplicates them.</remarks>
    Task CompleteAsync(IReadOnlyList<ProcessingResult> results, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the results of <paramref name="node"/>'s claimed interactions as <see cref="CompleteAsync"/> does, in one
    /// transaction, but only for those still claimed by <paramref name="node"/> and not yet processed; returns their sequences.
    /// </summary>
    /// <remarks>
    /// For an interaction another node took over after this node's lease expired, nothing is written: no flags, routing,
    /// task, score or processed mark. That is what makes processing exactly once across nodes. A lease that expired but
    /// that nobody took over still counts.
    /// </remarks>
    Task<IReadOnlyList<long>> CompleteClaimedAsync(string node, IReadOnlyList<ProcessingResult> results, CancellationToken cancellationToken);

    /// <summary>
    /// Records the score of samples Assay drew itself for a processed interaction, with the samples, and its flag when the
    /// score is low; one transaction, idempotent (a second record for the same interaction replaces the first).
    /// </summary>
    /// <remarks>
    /// The flag is stored under the policy the interaction was processed with, beside the pipeline's flags. A late flag must
    /// not be ignored by routing: <paramref name="reroute"/>, the router's decision with the flag included, replaces the
    /// interaction's routing in the same transaction, opens a review task when it selects the interaction and none exists,
    /// and moves an existing task to the new tier and priority (its labels are kept).
    /// </remarks>
    Task RecordDrawnAsync(long sequence, SelfAgreementRecord record, Domain.Flag? flag, Routing.RoutingDecision? reroute, CancellationToken cancellationToken);

    /// <summary>
    /// Records a judge's verdict on a processed interaction, with the flag a fail verdict earns and the re-routing it causes
    /// (as <see cref="RecordDrawnAsync"/> does); one transaction, idempotent per (interaction, rule, policy).
    /// </summary>
    Task RecordJudgedAsync(JudgeRecord record, Domain.Flag? flag, Routing.RoutingDecision? reroute, CancellationToken cancellationToken);

    /// <summary>The stored verdicts on interactions with sequence in (<paramref name="afterSequence"/>, <paramref name="lastSequence"/>], in sequence and rule order.</summary>
    Task<IReadOnlyList<JudgeRecord>> JudgedAsync(long afterSequence, long lastSequence, CancellationToken cancellationToken);

    /// <summary>The highest sequence with a stored verdict, 0 when none: where judging resumes after a restart.</summary>
    Task<long> LastJudgedSequenceAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Tokens the stored verdicts and the recorded judge spend (<see cref="RecordJudgeSpendAsync"/>) at or after
    /// <paramref name="since"/> cost: the judges' shared daily spend.
    /// </summary>
    Task<long> JudgeTokensSinceAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>
    /// Records, at the store's clock, tokens a judge call cost whose verdict is not stored (<paramref name="source"/> says
    /// who asked, e.g. <c>replay</c>), so that they count against the same daily budget as the judge worker's verdicts.
    /// </summary>
    Task RecordJudgeSpendAsync(string source, string rule, long tokens, CancellationToken cancellationToken);

    /// <summary>The highest sequence with a drawn-sample score, 0 when none: where drawing resumes after a restart.</summary>
    Task<long> LastDrawnSequenceAsync(CancellationToken cancellationToken);

    /// <summary>The sequences of interactions whose drawn samples were recorded at or after <paramref name="since"/>, in recording order.</summary>
    /// <remarks>Readers that cached an interaction's results before its samples were drawn use it to catch up.</remarks>
    Task<IReadOnlyList<long>> DrawnSinceAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>
    /// The sequence after which every interaction happened at or after <paramref name="time"/>: every interaction up to it
    /// happened before. Where a reader interested only in recent traffic starts (0 when all of it is recent).
    /// </summary>
    Task<long> SequenceBeforeAsync(DateTimeOffset time, CancellationToken cancellationToken);

    /// <summary>The tokens that drawn samples recorded since <paramref name="since"/> cost: the sampler's spend so far today.</summary>
    Task<long> DrawnTokensSinceAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Stored self-agreement scores of interactions in [<paramref name="from"/>, <paramref name="to"/>), oldest first.</summary>
    /// <param name="project">Only this project's interactions; null for every project.</param>
    Task<IReadOnlyList<StoredSelfAgreement>> SelfAgreementAsync(DateTimeOffset from, DateTimeOffset to, string? project, CancellationToken cancellationToken);

    Task<FlagPage> QueryFlagsAsync(FlagQuery query, CancellationToken cancellationToken);

    /// <summary>One page of the interactions that match <paramref name="query"/>, newest first, with their tier and current flags.</summary>
    /// <remarks>Paged by key: paging never repeats an interaction, nor skips one that was stored when paging began.</remarks>
    /// <exception cref="ArgumentException">The cursor was not issued by this store's query (parameter name <c>cursor</c>).</exception>
    Task<InteractionPage> QueryInteractionsAsync(InteractionQuery query, CancellationToken cancellationToken);

    Task<StoreCounts> CountAsync(CancellationToken cancellationToken);
}
