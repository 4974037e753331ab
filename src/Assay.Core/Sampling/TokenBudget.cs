namespace Assay.Sampling;

/// <summary>The tokens Assay may spend drawing samples in one UTC day, and what it has spent today.</summary>
/// <remarks>
/// Thread-safe: the sampler spends while the status endpoint reads. The day is read from the
/// <see cref="TimeProvider"/> on every call, so the count starts again at UTC midnight without a timer.
/// The count is in memory; after a restart the sampler <see cref="Restore"/>s what the day's stored draws cost.
/// </remarks>
public sealed class TokenBudget(long dailyLimit, TimeProvider time)
{
    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));
    private readonly Lock _lock = new();
    private DateOnly _day = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
    private long _spent;

    public long DailyLimit { get; } = dailyLimit > 0 ? dailyLimit : throw new ArgumentOutOfRangeException(nameof(dailyLimit));

    /// <summary>Tokens spent since the start of the current UTC day.</summary>
    public long SpentToday
    {
        get
        {
            lock (_lock)
            {
                Roll();
                return _spent;
            }
        }
    }

    /// <summary>True when today's budget is used up; drawing waits for <see cref="ResumesAt"/>.</summary>
    public bool IsSpent => SpentToday >= DailyLimit;

    /// <summary>The next UTC midnight, when the budget is full again.</summary>
    public DateTimeOffset ResumesAt
    {
        get
        {
            var now = _time.GetUtcNow();
            return new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(1);
        }
    }

    /// <summary>The start of the current UTC day: spend since then counts against today's budget.</summary>
    public DateTimeOffset DayStart => ResumesAt.AddDays(-1);

    /// <summary>Sets today's spend to at least <paramref name="spentToday"/> (what the store says today's draws cost), after a restart.</summary>
    public void Restore(long spentToday)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(spentToday);
        lock (_lock)
        {
            Roll();
            _spent = Math.Max(_spent, spentToday);
        }
    }

    /// <summary>Counts <paramref name="tokens"/> against today.</summary>
    public void Spend(long tokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        lock (_lock)
        {
            Roll();
            _spent += tokens;
        }
    }

    /// <summary>The tokens of a call whose endpoint reported no usage: input and output characters over four.</summary>
    public static long Estimate(long inputCharacters, long outputCharacters) =>
        (Math.Max(0, inputCharacters) + Math.Max(0, outputCharacters) + 3) / 4;

    private void Roll()
    {
        var today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        if (today != _day)
        {
            _day = today;
            _spent = 0;
        }
    }
}
