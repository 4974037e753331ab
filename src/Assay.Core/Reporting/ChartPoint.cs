namespace Assay.Reporting;

/// <summary>One bucket's value in a series, with its interval when there is one.</summary>
/// <remarks>A NaN <see cref="Value"/> is a bucket without (enough) data: the line breaks there instead of dropping to zero.</remarks>
/// <param name="At">Where the point is drawn: the middle of its bucket.</param>
/// <param name="Value">The value, or NaN for a gap.</param>
/// <param name="Low">Lower end of the interval, or NaN when there is none.</param>
/// <param name="High">Upper end of the interval, or NaN when there is none.</param>
/// <param name="Note">Said beside the value (its sample size, say), or in place of a gap ("insufficient: 3 items").</param>
public readonly record struct ChartPoint(DateTimeOffset At, double Value, double Low = double.NaN, double High = double.NaN, string? Note = null)
{
    public bool IsGap => !double.IsFinite(Value);

    public bool HasInterval => !IsGap && double.IsFinite(Low) && double.IsFinite(High);

    public static ChartPoint Gap(DateTimeOffset at, string? note = null) => new(at, double.NaN, Note: note);
}
