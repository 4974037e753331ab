using Assay.Sampling;

namespace Assay.Core.Tests.Sampling;

public sealed class TokenBudgetTests
{
    private static readonly DateTimeOffset s_evening = new(2026, 3, 9, 23, 58, 0, TimeSpan.Zero);

    [Fact]
    public void Spend_adds_up_and_pauses_once_the_limit_is_reached()
    {
        var budget = new TokenBudget(1000, new ManualClock(s_evening));

        budget.Spend(400);
        budget.Spend(599);
        Assert.Equal(999, budget.SpentToday);
        Assert.False(budget.IsSpent);

        budget.Spend(1);
        Assert.True(budget.IsSpent);
        Assert.Equal(new DateTimeOffset(2026, 3, 10, 0, 0, 0, TimeSpan.Zero), budget.ResumesAt);
    }

    [Fact]
    public void SpentToday_resets_at_utc_midnight_not_before()
    {
        var clock = new ManualClock(s_evening);
        var budget = new TokenBudget(1000, clock);
        budget.Spend(1500);

        clock.Now = new DateTimeOffset(2026, 3, 9, 23, 59, 59, 999, TimeSpan.Zero);
        Assert.True(budget.IsSpent);

        clock.Now = new DateTimeOffset(2026, 3, 10, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(0, budget.SpentToday);
        Assert.False(budget.IsSpent);
        Assert.Equal(new DateTimeOffset(2026, 3, 11, 0, 0, 0, TimeSpan.Zero), budget.ResumesAt);
    }

    [Fact]
    public void SpentToday_uses_the_utc_day_whatever_the_clock_offset()
    {
        // 01:30 at +02:00 is 23:30 UTC the day before: still the same UTC day as the spend.
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 9, 22, 0, 0, TimeSpan.Zero));
        var budget = new TokenBudget(100, clock);
        budget.Spend(100);

        clock.Now = new DateTimeOffset(2026, 3, 10, 1, 30, 0, TimeSpan.FromHours(2));

        Assert.True(budget.IsSpent);
    }

    [Fact]
    public void Spend_after_a_quiet_day_counts_only_the_new_day()
    {
        var clock = new ManualClock(s_evening);
        var budget = new TokenBudget(1000, clock);
        budget.Spend(900);

        clock.Now = s_evening.AddDays(2);
        budget.Spend(50);

        Assert.Equal(50, budget.SpentToday);
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(4, 0, 1)]
    [InlineData(5, 0, 2)]
    [InlineData(1000, 2000, 750)]
    public void Estimate_is_characters_over_four_rounded_up(long input, long output, long tokens) =>
        Assert.Equal(tokens, TokenBudget.Estimate(input, output));

    [Fact]
    public void Constructor_rejects_a_limit_that_is_not_positive() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenBudget(0, TimeProvider.System));

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void Restore_raises_todays_spend_to_what_the_store_says_but_never_lowers_it()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 27, 15, 30, 0, TimeSpan.Zero));
        var budget = new TokenBudget(1000, clock);
        budget.Spend(200);

        budget.Restore(150);
        Assert.Equal(200, budget.SpentToday);
        budget.Restore(1000);

        Assert.True(budget.IsSpent);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero), budget.DayStart);
        Assert.Throws<ArgumentOutOfRangeException>(() => budget.Restore(-1));
    }
}
