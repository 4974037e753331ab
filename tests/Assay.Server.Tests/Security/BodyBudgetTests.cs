using Assay.Server.Ingest;

namespace Assay.Server.Tests.Security;

/// <summary>The body budget bounds bytes in flight in all and per caller, and a caller's first request always fits.</summary>
public sealed class BodyBudgetTests
{
    [Fact]
    public void TryReserve_past_a_callers_share_is_refused_while_other_callers_still_fit()
    {
        var budget = new BodyBudget(maxBytes: 1000, maxBytesPerCaller: 250);

        Assert.True(budget.TryReserve("greedy", 200));
        Assert.False(budget.TryReserve("greedy", 100));
        Assert.True(budget.TryReserve("other", 250));
        Assert.Equal(450, budget.InUse);
        Assert.Equal(200, budget.HeldBy("greedy"));
    }

    [Fact]
    public void TryReserve_of_a_callers_first_request_fits_even_above_its_share_but_not_above_a_busy_budget()
    {
        var budget = new BodyBudget(maxBytes: 1000, maxBytesPerCaller: 250);

        Assert.True(budget.TryReserve("big", 600));
        Assert.False(budget.TryReserve("big", 1));
        Assert.False(budget.TryReserve("late", 500));
        Assert.True(budget.TryReserve("late", 400));
    }

    [Fact]
    public void Release_returns_bytes_to_the_budget_and_to_the_caller()
    {
        var budget = new BodyBudget(maxBytes: 1000, maxBytesPerCaller: 250);
        Assert.True(budget.TryReserve("a", 250));

        budget.Release("a", 250);

        Assert.Equal(0, budget.InUse);
        Assert.Equal(0, budget.HeldBy("a"));
        Assert.True(budget.TryReserve("a", 250));
    }

    [Fact]
    public void TryReserve_and_Release_from_many_threads_balance_to_zero()
    {
        var budget = new BodyBudget(maxBytes: 1_000_000, maxBytesPerCaller: 100_000);

        Parallel.For(0, 10_000, i =>
        {
            var caller = $"c{i % 16}";
            if (budget.TryReserve(caller, 100))
                budget.Release(caller, 100);
        });

        Assert.Equal(0, budget.InUse);
    }
}
