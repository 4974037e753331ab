using Assay.Domain;
using Assay.Judging;
using Assay.Policy;
using Assay.Routing;
using Assay.Sampling;
using Assay.Server.Election;
using Assay.Server.Policies;
using Assay.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Assay.Server.Judging;

/// <summary>The background worker that asks the policy's judge rules about processed interactions and stores every verdict.</summary>
/// <remarks>
/// Walks processed interactions in sequence order, as the sampler does, and resumes on the last interaction with a verdict,
/// skipping the judges that already answered it. Each batch takes the running policy version (<see cref="LivePolicy"/>)
/// once and keeps it: only interactions processed under that version are judged, by its judge rules under its
/// <c>judging</c> section, so an activation switches the rules at the next batch while the day's spend carries over. A fail verdict becomes a flag that re-routes the interaction in the same transaction. A failing
/// endpoint is retried with exponential back-off and the interaction is never passed over; an endpoint that refuses the
/// request itself (400, 413, 422) gets a malformed verdict, so one bad interaction cannot block the rest. Only the node that
/// leads the <see cref="Leadership.Judge"/> role judges; the daily budget is restored from the stored verdicts each term,
/// so it is shared by every node. The sampler also writes late flags: if both re-route one interaction at the same moment
/// on different nodes, each routing counts its own flag and the last one written stands, while the task and both flags stay.
/// </remarks>
internal sealed class JudgeWorker : BackgroundService
{
    private readonly IInteractionStore _store;
    private readonly LivePolicy _live;
    private readonly JudgeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<JudgeWorker> _logger;
    private readonly LeaderElection _election;
    private readonly JudgeAsker? _asker;
    private readonly JudgingStatus _status;
    private long _cursor = -1;
    private string? _version;
    private int _failures;
    private bool _paused;

    private readonly Otlp.VerdictExporter? _verdicts;

    /// <param name="chat">The model client; null when the server cannot judge (<see cref="JudgingStatus.Off"/> says why).</param>
    /// <param name="verdicts">Where a judge's flag goes out as an OTLP evaluation record, like the pipeline's flags; null in tests that do not export.</param>
    public JudgeWorker(
        IInteractionStore store, IChatClient? chat, LivePolicy live, JudgeOptions options, TimeProvider time, ILogger<JudgeWorker> logger,
        LeaderElection election, JudgingStatus status, Otlp.VerdictExporter? verdicts = null)
    {
        (_status, _verdicts) = (status, verdicts);
        (_store, _live, _options, _time, _logger, _election) = (store, live, options, time, logger, election);
        _asker = chat is null ? null : new JudgeAsker(chat, live.Policy.Judging, options.Model!, options.ApiKey, time);
    }

    /// <summary>Interactions read from the store per step.</summary>
    private const int Batch = 128;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_asker is null)
        {
            // A server that cannot judge says so in its status whatever the version; the log warns when rules are waiting now.
            if (_live.Policy.Judges.Count > 0)
                JudgingLog.Off(_logger, _live.Policy.Judges.Count, _status.Off ?? "no model client");
            return;
        }

        await Task.Yield();
        await _election.RunAsync(LeadAsync, stoppingToken);
    }

    private async Task LeadAsync(CancellationToken term)
    {
        (_cursor, _failures, _paused) = (-1, 0, false);
        while (!term.IsCancellationRequested)
        {
            try
            {
                if (!await RunOnceAsync(term))
                    await Task.Delay(_options.IdlePoll, _time, term);
                _failures = 0;
            }
            catch (OperationCanceledException) when (term.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Keep the judge alive; the interaction stays next in line and is retried.
            catch (Exception e)
#pragma warning restore CA1031
            {
                var delay = Backoff(++_failures);
                JudgingLog.Failed(_logger, _cursor + 1, _failures, delay, _asker!.Redacted(e.Message));
                await Task.Delay(delay, _time, term).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Judges the interactions of one batch under the running version, in order; false when none was ready.</summary>
    internal async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var snapshot = _live.Current;
        var policy = snapshot.Policy;
        if (policy.Hash != _version)
        {
            if (_version is not null)
                JudgingLog.Followed(_logger, policy.Hash[..12], policy.Judges.Count);
            _version = policy.Hash;
        }

        if (policy.Judges.Count == 0)
            return false;
        _asker!.Follow(policy.Judging);
        if (_cursor < 0)
        {
            var last = await _store.LastJudgedSequenceAsync(cancellationToken);
            // The last interaction with a verdict may have been judged by only some of its judges: start on it again.
            _cursor = Math.Max(0, last - 1);
            JudgingLog.Started(_logger, policy.Judges.Count, _options.Model!, _options.DisplayEndpoint!, _cursor + 1);
        }

        // Every batch, not once a term: replay --rejudge spends from the same daily budget and records it in the store.
        var budget = _asker.Budget;
        budget.Restore(await _store.JudgeTokensSinceAsync(budget.DayStart, cancellationToken));
        var stored = await _store.ReadAsync(_cursor, Batch, cancellationToken);
        if (stored.Count == 0)
            return false;
        var recorded = (await _store.RecordedAsync(_cursor, Batch, cancellationToken)).ToDictionary(r => r.Sequence);
        var answered = (await _store.JudgedAsync(_cursor, stored[^1].Sequence, cancellationToken)).Select(j => (j.Sequence, j.Rule)).ToHashSet();
        var moved = false;
        foreach (var item in stored)
        {
            // The pipeline works in sequence order; wait for it rather than pass over what it has not processed yet.
            if (!recorded.TryGetValue(item.Sequence, out var processing) || processing.PolicyHash is null)
                break;
            // Processed under a version activated since this batch began: the next batch takes that version and its rules.
            if (processing.PolicyHash != policy.Hash && processing.PolicyHash == _live.Current.Policy.Hash)
                return true;
            if (processing.PolicyHash == policy.Hash)
            {
                foreach (var rule in policy.Judges)
                {
                    if (answered.Contains((item.Sequence, rule.Id)) || !snapshot.Judges.Selects(rule, item.Interaction))
                        continue;
                    if (await PausedAsync(cancellationToken))
                        return true;
                    await JudgeAsync(item, rule, snapshot, cancellationToken);
                }
            }

            _cursor = item.Sequence;
            moved = true;
        }

        return moved;
    }

    private async Task JudgeAsync(StoredInteraction item, JudgeRule rule, PolicySnapshot snapshot, CancellationToken cancellationToken)
    {
        var policy = snapshot.Policy;
        var interaction = item.Interaction;
        _status.Asked(rule.Id);
        JudgeAnswered answered;
        try
        {
            answered = await _asker!.AskAsync(rule, interaction, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _status.Failed(rule.Id, _asker!.Redacted(e.Message));
            throw;
        }

        var verdict = answered.Verdict;
        _status.Answered(rule.Id, verdict.Outcome);
        if (answered.RefusedStatus is { } status)
        {
            await _store.RecordJudgedAsync(new JudgeRecord(item.Sequence, rule.Id, policy.Hash, _asker.Model, verdict, "", 0, _time.GetUtcNow()), null, null, cancellationToken);
            JudgingLog.Refused(_logger, item.Sequence, status, verdict.Problem!);
            return;
        }

        var severity = policy.FindCategory(rule.Category)?.Severity ?? Severity.Medium;
        var flag = JudgeFlag.For(rule, severity, policy.Hash, interaction, verdict, _asker.Model);
        var reroute = flag is null ? null : await RerouteAsync(interaction, flag, snapshot, cancellationToken);
        await _store.RecordJudgedAsync(
            new JudgeRecord(item.Sequence, rule.Id, policy.Hash, _asker.Model, verdict, answered.Answer, answered.Tokens, _time.GetUtcNow()), flag, reroute, cancellationToken);
        if (flag is not null)
            _verdicts?.Offer(interaction.Id, [flag]);
        JudgingLog.Judged(_logger, item.Sequence, rule.Id, StoredRows.OutcomeText(verdict.Outcome));
    }

    /// <summary>The routing once <paramref name="flag"/> joins the flags stored under the running policy.</summary>
    private async Task<RoutingDecision> RerouteAsync(Interaction interaction, Flag flag, PolicySnapshot snapshot, CancellationToken cancellationToken)
    {
        var stored = await _store.GetAsync(interaction.Id, cancellationToken);
        var flags = (stored?.Flags ?? []).Where(f => f.Policy == snapshot.Policy.Hash && f.Rule != flag.Rule).Append(flag).ToList();
        return snapshot.Router.Route(interaction, flags);
    }

    /// <summary>True (after a bounded wait) while today's budget is spent; logs the pause and the resumption once each.</summary>
    private async Task<bool> PausedAsync(CancellationToken cancellationToken)
    {
        var budget = _asker!.Budget;
        if (!budget.IsSpent)
        {
            if (_paused)
                JudgingLog.Resumed(_logger);
            _paused = false;
            return false;
        }

        if (!_paused)
            JudgingLog.Paused(_logger, budget.DailyLimit, budget.SpentToday, budget.ResumesAt);
        _paused = true;
        var wait = Math.Clamp((budget.ResumesAt - _time.GetUtcNow()).Ticks, 0, TimeSpan.TicksPerMinute);
        await Task.Delay(TimeSpan.FromTicks(wait), _time, cancellationToken);
        return true;
    }

    private TimeSpan Backoff(int failures)
    {
        var delay = _options.InitialBackoff * Math.Pow(2, Math.Min(failures - 1, 30));
        return delay < _options.MaxBackoff ? delay : _options.MaxBackoff;
    }

    public override void Dispose()
    {
        _asker?.Dispose();
        base.Dispose();
    }
}
