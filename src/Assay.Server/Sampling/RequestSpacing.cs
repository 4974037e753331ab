using System.Threading.RateLimiting;

namespace Assay.Server.Sampling;

/// <summary>Spaces one caller's requests to a model endpoint evenly, at a rate the running policy may change between requests.</summary>
/// <remarks>
/// A token bucket of one request, refilled every minute / rate. A new rate gets a new bucket; when the last request was
/// made less than one new interval ago, that bucket starts empty, so the first request under a new rate still comes at
/// least one new interval after the last one (a swap cannot buy a burst). Not thread-safe: one caller at a time (the
/// sampler, a judge worker, one replay).
/// </remarks>
internal sealed class RequestSpacing(TimeProvider time) : IDisposable
{
    private TokenBucketRateLimiter? _limiter;
    private int _rate;
    private long? _last;

    /// <summary>Waits until a request may be sent at <paramref name="perMinute"/> requests a minute, and counts it as sent.</summary>
    public async Task WaitAsync(int perMinute, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perMinute);
        if (_limiter is null || perMinute != _rate)
        {
            var bucket = Bucket(perMinute);
            if (_last is { } last && time.GetElapsedTime(last) < Interval(perMinute))
                bucket.AttemptAcquire(1).Dispose();
            _limiter?.Dispose();
            (_limiter, _rate) = (bucket, perMinute);
        }

        using var lease = await _limiter.AcquireAsync(1, cancellationToken);
        if (!lease.IsAcquired)
            throw new InvalidOperationException("The rate limiter refused a request.");
        _last = time.GetTimestamp();
    }

    private static TimeSpan Interval(int perMinute) => TimeSpan.FromMinutes(1) / perMinute;

    private static TokenBucketRateLimiter Bucket(int perMinute) => new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = 1,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = Interval(perMinute),
        QueueLimit = 1,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        AutoReplenishment = true,
    });

    public void Dispose() => _limiter?.Dispose();
}
