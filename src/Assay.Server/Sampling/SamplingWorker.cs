using System.ClientModel;
using Assay.Detection.Consistency;
using Assay.Domain;
using Assay.Policy;
using Assay.Routing;
using Assay.Sampling;
using Assay.Server.Election;
using Assay.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Assay.Server.Sampling;

/// <summary>The background worker that draws samples for processed interactions, scores them and stores score and flag.</summary>
/// <remarks>
/// Walks processed interactions in sequence order from the store's last drawn sequence, so a restart resumes
/// where the store says. Only interactions processed under the running policy are drawn for: its <c>sampling</c>
/// section is what chose them. A failing endpoint is retried with exponential back-off and the interaction is
/// never passed over; the samples drawn before the failure are kept in memory for the retry. Never throws out:
/// every failure is logged and shown in the status. Only the node that leads the <see cref="Leadership.Sampler"/> role
/// draws: each term starts from the store (the last drawn sequence, and today's spend of every node's stored draws, so
/// the daily budget is shared) and ends at once when the lead is lost.
/// </remarks>
internal sealed class SamplingWorker : BackgroundService
{
    private readonly IInteractionStore _store;
    private readonly PolicyDocument _policy;
    private readonly SamplingStatus _status;
    private readonly TimeProvider _time;
    private readonly ILogger<SamplingWorker> _logger;
    private readonly SelfConsistencyDetector _detector;
    private readonly SampleDrawer? _drawer;
    private readonly SamplingSelector? _selector;
    private readonly LeaderElection _election;
    private readonly Router _router;
    private long _cursor = -1;
    private PendingDraw? _pending;
    private int _failures;
    private bool _paused;

    /// <param name="chat">The model client; null when sampling is off (<see cref="SamplingStatus.Off"/> says why).</param>
    public SamplingWorker(
        IInteractionStore store, IChatClient? chat, PolicyDocument policy, SamplingStatus status, TimeProvider time, ILogger<SamplingWorker> logger, LeaderElection election)
    {
        (_store, _policy, _status, _time, _logger, _election) = (store, policy, status, time, logger, election);
        _detector = new SelfConsistencyDetector(policy.Hash);
        _router = new Router(policy.Routing, policy.Review);
        if (chat is not null && status.Off is null)
        {
            _drawer = new SampleDrawer(chat, status.Policy!, status.Sampler!.Model!, status.Budget!, status);
            _selector = new SamplingSelector(status.Policy!, policy.Routing);
        }
    }

    private SamplerOptions Sampler => _status.Sampler!;

    private TokenBudget Budget => _status.Budget!;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var problem in _status.Problems)
            SamplingLog.PolicyProblem(_logger, problem.ToString());
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

    /// <summary>Deals with the interactions of one batch, in order; false when none was ready.</summary>
    internal async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        if (_cursor < 0)
        {
            var last = await _store.LastDrawnSequenceAsync(cancellationToken);
            // The day's spend survives a restart: what the drawn samples stored today cost is counted again. The cursor
            // is set last, so a failure here is retried whole rather than leaving the budget unrestored.
            Budget.Restore(await _store.DrawnTokensSinceAsync(Budget.DayStart, cancellationToken));
            _cursor = last;
            _status.Moved(_cursor);
            SamplingLog.Started(_logger, _selector!.Policy.Share, _selector.Policy.Samples, Sampler.Model!, Sampler.DisplayEndpoint!, _cursor);
        }

        var stored = await _store.ReadAsync(_cursor, Sampler.Batch, cancellationToken);
        var recorded = (await _store.RecordedAsync(_cursor, Sampler.Batch, cancellationToken)).ToDictionary(r => r.Sequence);
        var moved = false;
        foreach (var item in stored)
        {
            // The pipeline works in sequence order; wait for it rather than pass over what it has not processed yet.
            if (!recorded.TryGetValue(item.Sequence, out var processing) || processing.PolicyHash is null)
                break;
            if (processing.PolicyHash == _policy.Hash && processing.SelfAgreement?.Source != SampleSource.Drawn && _selector!.Selects(item.Interaction))
            {
                if (await PausedAsync(cancellationToken))
                    return true;
                await DrawAsync(item, processing.PolicyHash, cancellationToken);
            }

            _cursor = item.Sequence;
            _status.Moved(_cursor);
            moved = true;
        }

        return moved;
    }

    private async Task DrawAsync(StoredInteraction item, string policyHash, CancellationToken cancellationToken)
    {
        var draw = _pending is { } pending && pending.Sequence == item.Sequence ? pending : new PendingDraw(item.Sequence);
        _pending = draw;
        var interaction = item.Interaction;
        try
        {
            await _drawer!.DrawAsync(interaction, draw, cancellationToken);
        }
        catch (ClientResultException e) when (e.Status is 400 or 413 or 422)
        {
            // The endpoint refuses this interaction itself (too long for its context, filtered, malformed): retrying
            // cannot help and must not block every later one. It is recorded as not scored, so a restart moves on too.
            var refused = new SelfAgreementRecord(SampleSource.Drawn, interaction.ModelKey, SelfAgreementMethod.None, draw.Samples.Count, double.NaN, 0,
                [.. draw.Samples], Sampler.Model, draw.Tokens);
            await _store.RecordDrawnAsync(item.Sequence, refused, null, null, cancellationToken);
            _pending = null;
            var error = Redacted(e.Message);
            _status.Refused(item.Sequence, error);
            SamplingLog.Refused(_logger, item.Sequence, e.Status, error);
            return;
        }

        var samples = draw.Samples;

        var score = SelfAgreement.Score(interaction.Response, samples, _detector.Options);
        var flag = _detector.JudgeDrawn(interaction.Response, score, Sampler.Model) is { } judged ? judged with { Policy = policyHash } : null;
        var record = SelfAgreementRecord.From(SampleSource.Drawn, interaction.ModelKey, score, _detector.Options.MinSentenceSupport, [.. samples], Sampler.Model) with { Tokens = draw.Tokens };
        var reroute = flag is null ? null : await RerouteAsync(interaction, flag, policyHash, cancellationToken);
        await _store.RecordDrawnAsync(item.Sequence, record, flag, reroute, cancellationToken);
        _pending = null;
        _status.Drawn(item.Sequence);
        SamplingLog.Recorded(_logger, item.Sequence, samples.Count, score.Score, flag is not null);
    }

    /// <summary>The routing once the late <paramref name="flag"/> joins the flags the pipeline stored under the same policy.</summary>
    /// <remarks>The sampler is the only writer of late flags and runs on one node, so the flags read here are current.</remarks>
    private async Task<RoutingDecision> RerouteAsync(Interaction interaction, Flag flag, string policyHash, CancellationToken cancellationToken)
    {
        var stored = await _store.GetAsync(interaction.Id, cancellationToken);
        var flags = (stored?.Flags ?? []).Where(f => f.Policy == policyHash && f.Rule != flag.Rule).Append(flag).ToList();
        return _router.Route(interaction, flags);
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
    private async Task<bool> PausedAsync(CancellationToken cancellationToken)
    {
        if (!Budget.IsSpent)
        {
            if (_paused)
                SamplingLog.Resumed(_logger);
            _paused = false;
            return false;
        }

        if (!_paused)
            SamplingLog.Paused(_logger, Budget.DailyLimit, Budget.SpentToday, Budget.ResumesAt);
        _paused = true;
        // Wait in slices, so a clock that is set forward is noticed within a minute.
        var wait = Math.Clamp((Budget.ResumesAt - _time.GetUtcNow()).Ticks, 0, TimeSpan.TicksPerMinute);
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
