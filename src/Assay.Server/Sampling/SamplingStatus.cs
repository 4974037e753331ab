using Assay.Policy;
using Assay.Sampling;

namespace Assay.Server.Sampling;

/// <summary>What the sampler has done since the server started, for <c>GET /v1/sampling/status</c>.</summary>
/// <remarks>Thread-safe: the worker writes while requests read. In memory only; the store is the record of what was drawn.</remarks>
internal sealed class SamplingStatus
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private long _drawn;
    private long _requests;
    private long _failures;
    private long _refused;
    private long _cursor;
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;

    private SamplingStatus(string? off, SamplingPolicy? policy, SamplerOptions? sampler, TokenBudget? budget, TimeProvider time)
    {
        Off = off;
        Policy = policy;
        Sampler = sampler;
        Budget = budget;
        _time = time;
    }

    /// <summary>Why sampling is off, or null when it is on.</summary>
    public string? Off { get; }

    public SamplingPolicy? Policy { get; }

    public SamplerOptions? Sampler { get; }

    public TokenBudget? Budget { get; }

    /// <summary>Problems of the policy's <c>sampling</c> section, logged when the worker starts.</summary>
    public IReadOnlyList<PolicyProblem> Problems { get; private init; } = [];

    /// <summary>True when sampling is off although a sampler endpoint was configured: worth a warning, not a note.</summary>
    public bool OffUnexpectedly { get; private init; }

    public static SamplingStatus Disabled(string reason, IReadOnlyList<PolicyProblem> problems, bool unexpectedly) =>
        new(reason, null, null, null, TimeProvider.System) { Problems = problems, OffUnexpectedly = unexpectedly };

    public static SamplingStatus Enabled(SamplingPolicy policy, SamplerOptions sampler, IReadOnlyList<PolicyProblem> problems, TimeProvider time) =>
        new(null, policy, sampler, new TokenBudget(policy.DailyTokenBudget, time), time) { Problems = problems };

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

        var paused = Budget?.IsSpent ?? false;
        return new SamplingStatusReport(
            Off is null, Off, Sampler?.DisplayEndpoint, Sampler?.Model, Policy?.Share, Policy?.Samples, Policy?.RequestsPerMinute,
            Interlocked.Read(ref _drawn), Interlocked.Read(ref _requests), Interlocked.Read(ref _failures), Interlocked.Read(ref _cursor),
            Budget?.SpentToday ?? 0, Budget?.DailyLimit, paused, paused ? Budget!.ResumesAt : null, error, errorAt, Interlocked.Read(ref _refused));
    }
}
