using System.Globalization;

namespace Assay.Reporting;

/// <summary>Equal-width time buckets over a range, aligned to whole multiples of their width since the Unix epoch.</summary>
/// <remarks>
/// Aligned so that a bucket means the same clock minutes in every chart and every export, whatever the range's ends;
/// so the first and last buckets may reach past the range, and <see cref="Count"/> can be one more than asked. Those two
/// are clipped to the range (<see cref="From"/>, <see cref="To"/>): they hold only its data and are drawn in the middle of
/// their part of it, never in the future.
/// </remarks>
/// <param name="Start">Start of the first bucket (inclusive).</param>
/// <param name="Width">Width of every bucket.</param>
/// <param name="Count">Number of buckets.</param>
public sealed record TimeBuckets(DateTimeOffset Start, TimeSpan Width, int Count)
{
    /// <summary>The widths <see cref="Choose"/> picks from before falling back to whole days.</summary>
    public static IReadOnlyList<TimeSpan> NiceWidths { get; } =
    [
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15),
        TimeSpan.FromHours(1), TimeSpan.FromHours(6), TimeSpan.FromDays(1),
    ];

    /// <summary>End of the last bucket (exclusive).</summary>
    public DateTimeOffset End => Start + (Width * Count);

    /// <value>Start of the range the buckets cover; the buckets are clipped to it. Default <see cref="Start"/>.</value>
    public DateTimeOffset From
    {
        get => _from ?? Start;
        init => _from = value;
    }

    /// <value>End of the range the buckets cover; the buckets are clipped to it. Default <see cref="End"/>.</value>
    public DateTimeOffset To
    {
        get => _to ?? End;
        init => _to = value;
    }

    private readonly DateTimeOffset? _from;
    private readonly DateTimeOffset? _to;

    /// <summary>The width in words, e.g. <c>15 min</c>, <c>6 h</c>, <c>1 d</c>.</summary>
    public string WidthText => Width.TotalDays >= 1 && Width.TotalDays == Math.Floor(Width.TotalDays)
        ? string.Create(CultureInfo.InvariantCulture, $"{Width.TotalDays:0} d")
        : Width.TotalHours >= 1 && Width.TotalHours == Math.Floor(Width.TotalHours)
            ? string.Create(CultureInfo.InvariantCulture, $"{Width.TotalHours:0} h")
            : string.Create(CultureInfo.InvariantCulture, $"{Width.TotalMinutes:0.##} min");

    /// <summary>The narrowest nice width that cuts [<paramref name="from"/>, <paramref name="to"/>) into at most <paramref name="maxBuckets"/> buckets.</summary>
    /// <remarks>1 h gives 60 one-minute buckets, 6 h 24 of 15 min, 24 h 24 of 1 h, 7 days 28 of 6 h (plus one when the ends are not aligned).</remarks>
    public static TimeBuckets Choose(DateTimeOffset from, DateTimeOffset to, int maxBuckets = 60)
    {
        if (to <= from)
            throw new ArgumentOutOfRangeException(nameof(to), to, "The range must end after it starts.");
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBuckets, 1);
        var range = to - from;
        var width = NiceWidths.FirstOrDefault(w => Math.Ceiling(range / w) <= maxBuckets);
        if (width == TimeSpan.Zero)
            width = TimeSpan.FromDays(Math.Ceiling(range / (TimeSpan.FromDays(1) * maxBuckets)));
        return Cover(from, to, width);
    }

    /// <summary>Buckets of <paramref name="width"/> from the aligned bucket holding <paramref name="from"/> to the one holding the last instant before <paramref name="to"/>.</summary>
    public static TimeBuckets Cover(DateTimeOffset from, DateTimeOffset to, TimeSpan width)
    {
        if (width <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(width), width, "The width must be positive.");
        var start = Floor(from.ToUniversalTime(), width);
        var end = Floor(to.ToUniversalTime() - TimeSpan.FromTicks(1), width) + width;
        return new TimeBuckets(start, width, Math.Max(1, (int)((end - start).Ticks / width.Ticks))) { From = from, To = to };
    }

    /// <summary>The bucket holding <paramref name="time"/>, counted from <see cref="Start"/>; negative before it, <see cref="Count"/> or more after.</summary>
    public long IndexOf(DateTimeOffset time) => (long)Math.Floor((time - Start).Ticks / (double)Width.Ticks);

    public DateTimeOffset StartOf(long index) => Start + (Width * index);

    /// <summary>Where a bucket's value is drawn: the middle of its part of the range (of the whole bucket, outside the range).</summary>
    public DateTimeOffset MiddleOf(long index)
    {
        var (start, end) = (StartOf(index), StartOf(index + 1));
        if (end <= From || start >= To)
            return start + (Width / 2);
        start = start < From ? From : start;
        end = end > To ? To : end;
        return start + ((end - start) / 2);
    }

    /// <summary>Whether <paramref name="time"/> lies in the range: data outside it is left out of the buckets it would share.</summary>
    public bool InRange(DateTimeOffset time) => time >= From && time < To;

    private static DateTimeOffset Floor(DateTimeOffset time, TimeSpan width)
    {
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var floored = ticks - (((ticks % width.Ticks) + width.Ticks) % width.Ticks);
        return new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + floored, TimeSpan.Zero);
    }
}
