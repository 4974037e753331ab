using Assay.Policy;
using Assay.Sampling;
using Assay.Server.Policies;

namespace Assay.Server.Sampling;

/// <summary>What the sampler has done since the server started, for <c>GET /v1/sampling/status</c>.</summary>
/// <remarks>
/// Thread-safe: the worker writes while requests read. In memory only; the store is the record of what was drawn. The
/// policy settings shown are the running version's (<see cref="LivePolicy"/>); the day's spend is one count kept across
/// versions, whatever budget each sets.
/// </remarks>
internal sealed class SamplingStatus
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly LivePolicy _live;
    private readonly string? _serverOff;
    private TokenBudget? _budget;
    private long _drawn;
    private long _requests;
    private long _failures;
    private long _refused;
    private long _cursor;
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;

    /// <param name="serverOff">Why this server cannot sample whatever the policy says (no endpoint, no model, no pipeline); null when it can.</param>
    /// <param name="sampler">The endpoint samples are drawn from; null when <paramref name="serverOff"/> is set.</param>
    /// <param name="unexpectedly">Whether a sampler endpoint was configured although the server cannot sample: worth a warning, not a note.</param>
    public SamplingStatus(string? serverOff, SamplerOptions? sampler, bool unexpectedly, LivePolicy live, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(live);
        (_serverOff, Sampler, OffUnexpectedly, _live, _time) = (serverOff, serverOff is null ? sampler : null, unexpectedly, live, time);
        if (_serverOff is null)
            _budget = new TokenBudget(Policy?.DailyTokenBudget ?? new SamplingPolicy().DailyTokenBudget, time);
    }

    /// <summary>Why sampling is off now, or null when it is on: the server's reason first, else the running version's.</summary>
    public string? Off => _serverOff ?? PolicyOff(_live.Current.Sampling);

    /// <summary>True when the server itself cannot sample (not the policy): the worker then never starts.</summary>
    public bool ServerOff => _serverOff is not null;

    /// <summary>The running version's sampling settings; null when it does not sample.</summary>
    public SamplingPolicy? Policy => _live.Current.Sampling.Policy;

    public SamplerOptions? Sampler { get; }

    /// <summary>Today's spend; null when the server cannot sample.</summary>
    public TokenBudget? Budget => Volatile.Read(ref _budget);

    /// <summary>True when sampling is off although a sampler endpoint is configured: worth a warning, not a note.</summary>
    public bool OffUnexpectedly { get; }

    /// <summary>Why a version with this <c>sampling</c> section samples nothing, or null when it samples.</summary>
    public static string? PolicyOff(SamplingReadResult read)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (read.Policy is not null)
            return null;
        return read.Problems.Any(p => p.Severity == ProblemSeverity.Error) ? "the policy's 'sampling' section has errors" : "the policy has no 'sampling' section";
    }

    /// <summary>The day's budget at <paramref name="dailyLimit"/>: the same count as before when the limit is unchanged, else a new budget that starts from what was spent today.</summary>
    /// <remarks>Called by the worker only, so no spend can slip in between reading the old count and publishing the new budget.</remarks>
    public TokenBudget BudgetFor(long dailyLimit)
    {
        var current = Budget ?? throw new InvalidOperationException("The server cannot sample.");
        if (current.DailyLimit == dailyLimit)
            return current;
        var next = new TokenBudget(dailyLimit, _time);
        next.Restore(current.SpentToday);
        Volatile.Write(ref _budget, next);
        return next;
    }

    public void Drawn(long sequence)
    {
        Interlocked.Increment(ref _drawn);
        Moved(sequence);
    }

    public void Moved(long sequence) => Interlocked.Exchange(ref _cursor, sequence);

    public void Requested() => Interlocked.Increment(ref _requests);

    /// <summary>The endpoint refused an interaction for good; it is recorded unscored and passed.</summary>
    public void Refused(long sequence, string error)
    {
        Interlocked.Increment(ref _refused);
        Moved(sequence);
        Failed(error);
    }

    public void Failed(string error)
    {
        Interlocked.Increment(ref _failures);
        lock (_lock)
        {
            _lastError = error;
            _lastErrorAt = _time.GetUtcNow();
        }
    }

    public SamplingStatusReport Report()
    {
        string? error;
        DateTimeOffset? errorAt;
        lock (_lock)
        {
            (error, errorAt) = (_lastError, _lastErrorAt);
        }

        // One snapshot for the whole report, so the settings shown are one version's; the worker follows it within a batch.
        var sampling = _live.Current.Sampling;
        var policy = sampling.Policy;
        var off = _serverOff ?? PolicyOff(sampling);
        var budget = Budget;
        var spent = budget?.SpentToday ?? 0;
        long? limit = budget is null ? null : policy?.DailyTokenBudget ?? budget.DailyLimit;
        var paused = off is null && spent >= limit;
        return new SamplingStatusReport(
            off is null, off, Sampler?.DisplayEndpoint, Sampler?.Model, policy?.Share, policy?.Samples, policy?.RequestsPerMinute,
            Interlocked.Read(ref _drawn), Interlocked.Read(ref _requests), Interlocked.Read(ref _failures), Interlocked.Read(ref _cursor),
            spent, limit, paused, paused ? budget!.ResumesAt : null, error, errorAt, Interlocked.Read(ref _refused));
    }
}
