namespace Assay.Server.Tests.Sampling;

/// <summary>Bounded polling: every wait in these tests ends, with a message saying what never happened.</summary>
internal static class Wait
{
    /// <param name="what">What did not happen, built when the wait fails (so it can include output gathered meanwhile).</param>
    public static async Task UntilAsync(Func<Task<bool>> condition, int seconds, Func<string> what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{what()} within {seconds} s");
            await Task.Delay(50);
        }
    }

    public static Task UntilAsync(Func<Task<bool>> condition, int seconds, string what) => UntilAsync(condition, seconds, () => what);

    public static Task UntilAsync(Func<bool> condition, int seconds, string what) =>
        UntilAsync(() => Task.FromResult(condition()), seconds, () => what);
}
