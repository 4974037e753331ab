using System.Collections.Concurrent;
using Assay.Judging;
using Assay.Policy;

namespace Assay.Server.Judging;

/// <summary>What the judge worker has done since the server started, per judge rule, for <c>GET /v1/judging/status</c>.</summary>
/// <remarks>
/// Thread-safe: the worker writes while requests read. The counts are this node's, in memory; the day's token spend is
/// read from the store when the status is asked for, so it is every node's and includes <c>replay --rejudge</c>.
/// </remarks>
internal sealed class JudgingStatus
{
    private readonly ConcurrentDictionary<string, Counters> _rules;
    private readonly TimeProvider _time;

    public JudgingStatus(PolicyDocument policy, JudgeOptions? options, string? off, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(policy);
        (Policy, Options, Off, _time) = (policy.Judging, options, off, time);
        _rules = new(policy.Judges.Select(j => KeyValuePair.Create(j.Id, new Counters())), StringComparer.Ordinal);
    }

    /// <summary>Why judging is off, or null when it is on.</summary>
    public string? Off { get; }

    public JudgingPolicy Policy { get; }

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
    public JudgingStatusReport Report(long spentToday, DateTimeOffset resumesAt, bool? leader) => new(
        Off is null, Off, Options?.DisplayEndpoint, Options?.Model, Policy.RequestsPerMinute, spentToday, Policy.DailyTokenBudget,
        spentToday >= Policy.DailyTokenBudget, spentToday >= Policy.DailyTokenBudget ? resumesAt : null, leader,
        [.. _rules.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Value.Report(r.Key))]);

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
