using System.Collections.Concurrent;
using Assay.Judging;
using Assay.Policy;
using Assay.Server.Policies;

namespace Assay.Server.Judging;

/// <summary>What the judge worker has done since the server started, per judge rule, for <c>GET /v1/judging/status</c>.</summary>
/// <remarks>
/// Thread-safe: the worker writes while requests read. The counts are this node's, in memory; the day's token spend is
/// read from the store when the status is asked for, so it is every node's and includes <c>replay --rejudge</c>. The rules,
/// rate and budget shown are the running version's (<see cref="LivePolicy"/>); a rule's counts are kept by its id across versions.
/// </remarks>
internal sealed class JudgingStatus
{
    private readonly ConcurrentDictionary<string, Counters> _rules = new(StringComparer.Ordinal);
    private readonly LivePolicy _live;
    private readonly string? _serverOff;
    private readonly TimeProvider _time;

    /// <param name="serverOff">Why this server cannot judge whatever the policy says (no endpoint, no model, no pipeline); null when it can.</param>
    public JudgingStatus(LivePolicy live, JudgeOptions? options, string? serverOff, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(live);
        (_live, Options, _serverOff, _time) = (live, options, serverOff, time);
    }

    /// <summary>Why judging is off now, or null when it is on: the server's reason first, else the running version's.</summary>
    public string? Off => Reason(_live.Current.Policy);

    public JudgeOptions? Options { get; }

    /// <summary>A request was sent for <paramref name="rule"/>.</summary>
    public void Asked(string rule) => Interlocked.Increment(ref For(rule).Asked);

    /// <summary>The answer to <paramref name="rule"/>'s request was read as <paramref name="outcome"/> (a refused request is malformed).</summary>
    public void Answered(string rule, JudgeOutcome outcome)
    {
        var counters = For(rule);
        if (outcome == JudgeOutcome.Malformed)
            Interlocked.Increment(ref counters.Malformed);
        else if (outcome == JudgeOutcome.Fail)
            Interlocked.Increment(ref counters.Fails);
        else
            Interlocked.Increment(ref counters.Passes);
    }

    /// <summary>The request for <paramref name="rule"/> failed and will be retried; <paramref name="error"/> is already redacted.</summary>
    public void Failed(string rule, string error)
    {
        var counters = For(rule);
        Interlocked.Increment(ref counters.Failed);
        lock (counters)
        {
            (counters.LastError, counters.LastErrorAt) = (error, _time.GetUtcNow());
        }
    }

    /// <summary>The report, with <paramref name="spentToday"/> (the store's count of today's judge tokens).</summary>
    /// <remarks>One version throughout (read once), so the rules listed are the ones whose rate and budget are shown.</remarks>
    public JudgingStatusReport Report(long spentToday, DateTimeOffset resumesAt, bool? leader)
    {
        var policy = _live.Current.Policy;
        var off = Reason(policy);
        var judging = policy.Judging;
        var paused = spentToday >= judging.DailyTokenBudget;
        return new(
            off is null, off, Options?.DisplayEndpoint, Options?.Model, judging.RequestsPerMinute, spentToday, judging.DailyTokenBudget,
            paused, paused ? resumesAt : null, off is null ? leader : null,
            [.. policy.Judges.Select(j => j.Id).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(id => For(id).Report(id))]);
    }

    private string? Reason(PolicyDocument policy) => _serverOff ?? (policy.Judges.Count == 0 ? "the policy has no judge rules" : null);

    private Counters For(string rule) => _rules.GetOrAdd(rule, _ => new Counters());

    /// <summary>One rule's counts; fields for <see cref="Interlocked"/>, the error pair under the instance's lock.</summary>
    private sealed class Counters
    {
#pragma warning disable SA1401, CA1051 // Fields, so that Interlocked can count them.
        public long Asked;
        public long Failed;
        public long Malformed;
        public long Fails;
        public long Passes;
#pragma warning restore SA1401, CA1051
        public string? LastError { get; set; }

        public DateTimeOffset? LastErrorAt { get; set; }

        public JudgingRuleStatus Report(string rule)
        {
            lock (this)
            {
                return new(rule, Interlocked.Read(ref Asked), Interlocked.Read(ref Failed), Interlocked.Read(ref Malformed),
                    Interlocked.Read(ref Fails), Interlocked.Read(ref Passes), LastError, LastErrorAt);
            }
        }
    }
}
