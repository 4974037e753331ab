using System.Globalization;

namespace Assay.Reporting;

/// <summary>Ticks of a UTC time axis at round clock times, with short labels.</summary>
public static class TimeTicks
{
    private static readonly TimeSpan[] s_steps =
    [
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(15),
        TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(3), TimeSpan.FromHours(6),
        TimeSpan.FromHours(12), TimeSpan.FromDays(1), TimeSpan.FromDays(2), TimeSpan.FromDays(7),
    ];

    /// <summary>Tick times in [<paramref name="from"/>, <paramref name="to"/>], at most <paramref name="maxTicks"/>, each with its label.</summary>
    /// <remarks>Below a day a tick reads <c>HH:mm</c>, or <c>MM-dd HH:mm</c> at midnight so the date change shows; from a day up, <c>MM-dd</c>.</remarks>
    public static IReadOnlyList<(DateTimeOffset At, string Label)> Between(DateTimeOffset from, DateTimeOffset to, int maxTicks = 8)
    {
        var range = to - from;
        var step = s_steps.FirstOrDefault(s => range / s <= maxTicks);
        if (step == TimeSpan.Zero)
            step = TimeSpan.FromDays(Math.Ceiling(range / (TimeSpan.FromDays(1) * maxTicks)));
        var first = TimeBuckets.Cover(from, from + TimeSpan.FromTicks(1), step).Start;
        if (first < from)
            first += step;
        var ticks = new List<(DateTimeOffset, string)>();
        for (var at = first; at <= to; at += step)
            ticks.Add((at, Label(at.ToUniversalTime(), step)));
        return ticks;
    }

    /// <summary>A time as the charts write it: <c>yyyy-MM-dd HH:mm</c> UTC.</summary>
    public static string Format(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Label(DateTimeOffset at, TimeSpan step) =>
        step >= TimeSpan.FromDays(1) ? at.ToString("MM-dd", CultureInfo.InvariantCulture)
        : at.TimeOfDay == TimeSpan.Zero ? at.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture)
        : at.ToString("HH:mm", CultureInfo.InvariantCulture);
}
