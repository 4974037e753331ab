using System.ClientModel;
using Assay.Audit;
using Assay.Detection.Consistency;
using Assay.Domain;
using Assay.Routing;
using Assay.Sampling;
using Assay.Server.Election;
using Assay.Server.Policies;
using Assay.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Assay.Server.Sampling;

/// <summary>The background worker that draws samples for processed interactions, scores them and stores score and flag.</summary>
/// <remarks>
/// Walks processed interactions in sequence order from the store's last drawn sequence, so a restart resumes
/// where the store says. Each batch takes the running policy version (<see cref="LivePolicy"/>) once and keeps it: only
/// interactions processed under that version are drawn for, since its <c>sampling</c> section is what chose them, and a
/// version without the section draws nothing. An activation therefore switches what is drawn at the next batch; the
/// daily spend and the request spacing carry over. A failing endpoint is retried with exponential back-off and the
/// interaction is never passed over; the samples drawn before the failure are kept in memory for the retry. Never throws
/// out: every failure is logged and shown in the status. Only the node that leads the <see cref="Leadership.Sampler"/> role
/// draws: each term starts from the store (the last drawn sequence, and today's spend of every node's stored draws, so
/// the daily budget is shared) and ends at once when the lead is lost.
/// </remarks>
internal sealed class SamplingWorker : BackgroundService
{
    private readonly IInteractionStore _store;
    private readonly IAuditStore _audit;
    private readonly LivePolicy _live;
    private readonly SamplingStatus _status;
    private readonly TimeProvider _time;
    private readonly ILogger<SamplingWorker> _logger;
    private readonly SampleDrawer? _drawer;
    private readonly LeaderElection _election;
    private long _cursor = -1;
    private string? _version;
    private PendingDraw? _pending;
    private int _failures;
    private bool _paused;

    /// <param name="chat">The model client; null when the server cannot sample (<see cref="SamplingStatus.Off"/> says why).</param>
    public SamplingWorker(
        IInteractionStore store, IChatClient? chat, LivePolicy live, SamplingStatus status, TimeProvider time, ILogger<SamplingWorker> logger, LeaderElection election,
        IAuditStore audit)
    {
        (_store, _live, _status, _time, _logger, _election, _audit) = (store, live, status, time, logger, election, audit);
        if (chat is not null && !status.ServerOff)
            _drawer = new SampleDrawer(chat, status.Sampler!.Model!, status, time);
    }

    private SamplerOptions Sampler => _status.Sampler!;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_drawer is null)
        {
            if (_status.OffUnexpectedly)
                SamplingLog.OffUnexpectedly(_logger, _status.Off!);
            else
                SamplingLog.Off(_logger, _status.Off ?? "no model client");
            return;
        }

        await Task.Yield();
        await _election.RunAsync(LeadAsync, stoppingToken);
    }

    /// <summary>Draws for as long as <paramref name="term"/> lasts, starting from what the store says.</summary>
    private async Task LeadAsync(CancellationToken term)
    {
        // Another node may have drawn, and spent, since this one last led: read both again.
        (_cursor, _pending, _failures, _paused) = (-1, null, 0, false);
        while (!term.IsCancellationRequested)
        {
            try
            {
                if (!await RunOnceAsync(term))
                    await Task.Delay(Sampler.IdlePoll, _time, term);
                _failures = 0;
            }
            catch (OperationCanceledException) when (term.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Keep the sampler alive; the interaction stays next in line and is retried.
            catch (Exception e)
#pragma warning restore CA1031
            {
                var delay = Backoff(++_failures);
                var error = Redacted(e.Message);
                _status.Failed(error);
                SamplingLog.DrawFailed(_logger, _pending?.Sequence ?? _cursor + 1, _failures, delay, error);
                await Task.Delay(delay, _time, term).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Deals with the interactions of one batch under the running version, in order; false when none was ready.</summary>
    internal async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var snapshot = _live.Current;
        Follow(snapshot);
        if (snapshot.Sampler is not { } selector)
            return false;
        var budget = _status.BudgetFor(selector.Policy.DailyTokenBudget);
        if (_cursor < 0)
        {
            var last = await _store.LastDrawnSequenceAsync(cancellationToken);
            // The day's spend survives a restart: what the drawn samples stored today cost is counted again. The cursor
            // is set last, so a failure here is retried whole rather than leaving the budget unrestored.
            budget.Restore(await _store.DrawnTokensSinceAsync(budget.DayStart, cancellationToken));
            _cursor = last;
            _status.Moved(_cursor);
            SamplingLog.Started(_logger, selector.Policy.Share, selector.Policy.Samples, Sampler.Model!, Sampler.DisplayEndpoint!, _cursor);
        }

        var stored = await _store.ReadAsync(_cursor, Sampler.Batch, cancellationToken);
        var recorded = (await _store.RecordedAsync(_cursor, Sampler.Batch, cancellationToken)).ToDictionary(r => r.Sequence);
        var moved = false;
        foreach (var item in stored)
        {
            // The pipeline works in sequence order; wait for it rather than pass over what it has not processed yet.
            if (!recorded.TryGetValue(item.Sequence, out var processing) || processing.PolicyHash is null)
                break;
            // Processed under a version activated since this batch began: the next batch takes that version and draws for it.
            if (processing.PolicyHash != snapshot.Policy.Hash && processing.PolicyHash == _live.Current.Policy.Hash)
                return true;
            if (processing.PolicyHash == snapshot.Policy.Hash && processing.SelfAgreement?.Source != SampleSource.Drawn && selector.Selects(item.Interaction))
            {
                if (await PausedAsync(budget, cancellationToken))
                    return true;
                await DrawAsync(item, snapshot, budget, cancellationToken);
            }

            _cursor = item.Sequence;
            _status.Moved(_cursor);
            moved = true;
        }

        return moved;
    }

    /// <summary>Logs once per version what it means for sampling: its section's problems, and whether it samples at all.</summary>
    private void Follow(PolicySnapshot snapshot)
    {
        if (snapshot.Policy.Hash == _version)
            return;
        var first = _version is null;
        _version = snapshot.Policy.Hash;
        foreach (var problem in snapshot.Sampling.Problems)
            SamplingLog.PolicyProblem(_logger, problem.ToString());
        if (SamplingStatus.PolicyOff(snapshot.Sampling) is { } off)
            SamplingLog.Off(_logger, off);
        else if (!first)
            SamplingLog.Followed(_logger, snapshot.Policy.Hash[..12], snapshot.Sampling.Policy!.Share, snapshot.Sampling.Policy.Samples);
    }

    private async Task DrawAsync(StoredInteraction item, PolicySnapshot snapshot, TokenBudget budget, CancellationToken cancellationToken)
    {
        var policyHash = snapshot.Policy.Hash;
        var draw = _pending is { } pending && pending.Sequence == item.Sequence ? pending : new PendingDraw(item.Sequence);
        _pending = draw;
        var interaction = item.Interaction;
        try
        {
            await _drawer!.DrawAsync(interaction, draw, snapshot.Sampler!.Policy, budget, cancellationToken);
        }
        catch (ClientResultException e) when (e.Status is 400 or 413 or 422)
        {
            // The endpoint refuses this interaction itself (too long for its context, filtered, malformed): retrying
            // cannot help and must not block every later one. It is recorded as not scored, so a restart moves on too.
            var refused = new SelfAgreementRecord(SampleSource.Drawn, interaction.ModelKey, SelfAgreementMethod.None, draw.Samples.Count, double.NaN, 0,
                [.. draw.Samples], Sampler.Model, draw.Tokens);
            await _store.RecordDrawnAsync(item.Sequence, refused, null, null, cancellationToken);
            await _audit.AppendAsync(AuditRecords.SamplerVerdict(item.Sequence, refused, null), cancellationToken);
            _pending = null;
            var error = Redacted(e.Message);
            _status.Refused(item.Sequence, error);
            SamplingLog.Refused(_logger, item.Sequence, e.Status, error);
            return;
        }

        var samples = draw.Samples;
        var detector = new SelfConsistencyDetector(policyHash);
        var score = SelfAgreement.Score(interaction.Response, samples, detector.Options);
        var flag = detector.JudgeDrawn(interaction.Response, score, Sampler.Model) is { } judged ? judged with { Policy = policyHash } : null;
        var record = SelfAgreementRecord.From(SampleSource.Drawn, interaction.ModelKey, score, detector.Options.MinSentenceSupport, [.. samples], Sampler.Model) with { Tokens = draw.Tokens };
        var reroute = flag is null ? null : await RerouteAsync(interaction, flag, snapshot, cancellationToken);
        await _store.RecordDrawnAsync(item.Sequence, record, flag, reroute, cancellationToken);
        await _audit.AppendAsync(AuditRecords.SamplerVerdict(item.Sequence, record, flag), cancellationToken);
        _pending = null;
        _status.Drawn(item.Sequence);
        SamplingLog.Recorded(_logger, item.Sequence, samples.Count, score.Score, flag is not null);
    }

    /// <summary>The routing once the late <paramref name="flag"/> joins the flags the pipeline stored under the same policy.</summary>
    /// <remarks>The sampler is the only writer of late flags and runs on one node, so the flags read here are current.</remarks>
    private async Task<RoutingDecision> RerouteAsync(Interaction interaction, Flag flag, PolicySnapshot snapshot, CancellationToken cancellationToken)
    {
        var stored = await _store.GetAsync(interaction.Id, cancellationToken);
        var flags = (stored?.Flags ?? []).Where(f => f.Policy == snapshot.Policy.Hash && f.Rule != flag.Rule).Append(flag).ToList();
        return snapshot.Router.Route(interaction, flags);
    }

    /// <summary>An error as it may be logged and shown: one line, at most 300 characters, never the endpoint's key.</summary>
    /// <remarks>The OpenAI client puts the endpoint's response body in its message, and some proxies echo the key presented.</remarks>
    private string Redacted(string message)
    {
        var line = message.ReplaceLineEndings(" ");
        if (Sampler.ApiKey is { Length: > 0 } key)
            line = line.Replace(key, "***", StringComparison.Ordinal);
        return line.Length <= 300 ? line : string.Concat(line.AsSpan(0, 299), "…");
    }

    /// <summary>True (after a bounded wait) while today's budget is spent; logs the pause and the resumption once each.</summary>
    private async Task<bool> PausedAsync(TokenBudget budget, CancellationToken cancellationToken)
    {
        if (!budget.IsSpent)
        {
            if (_paused)
                SamplingLog.Resumed(_logger);
            _paused = false;
            return false;
        }

        if (!_paused)
            SamplingLog.Paused(_logger, budget.DailyLimit, budget.SpentToday, budget.ResumesAt);
        _paused = true;
        // Wait in slices, so a clock that is set forward is noticed within a minute.
        var wait = Math.Clamp((budget.ResumesAt - _time.GetUtcNow()).Ticks, 0, TimeSpan.TicksPerMinute);
        await Task.Delay(TimeSpan.FromTicks(wait), _time, cancellationToken);
        return true;
    }

    private TimeSpan Backoff(int failures)
    {
        var factor = Math.Pow(2, Math.Min(failures - 1, 30));
        var delay = Sampler.InitialBackoff * factor;
        return delay < Sampler.MaxBackoff ? delay : Sampler.MaxBackoff;
    }

    public override void Dispose()
    {
        _drawer?.Dispose();
        base.Dispose();
    }
}
