namespace Assay.Reporting;

/// <summary>An axis range and tick step on the 1–2–5 ladder, so that tick labels are short round numbers.</summary>
/// <param name="Low">Bottom of the axis.</param>
/// <param name="High">Top of the axis.</param>
/// <param name="Step">Distance between ticks; ticks sit at whole multiples of it.</param>
public sealed record NiceScale(double Low, double High, double Step)
{
    /// <summary>Extends [<paramref name="min"/>, <paramref name="max"/>] to round ticks; an end in <paramref name="fixedLow"/> or <paramref name="fixedHigh"/> stays put.</summary>
    public static NiceScale Fit(double min, double max, double? fixedLow = null, double? fixedHigh = null, int maxTicks = 6)
    {
        var low = fixedLow ?? min;
        var high = fixedHigh ?? max;
        if (!double.IsFinite(low) || !double.IsFinite(high))
            (low, high) = (fixedLow ?? 0, fixedHigh ?? 1);
        if (high < low)
            (low, high) = (high, low);
        if (high - low < 1e-12)
        {
            // A flat line still needs an axis: open it around the value unless an end is fixed.
            var pad = Math.Abs(high) > 0 ? Math.Abs(high) * 0.1 : 1;
            low = fixedLow ?? low - pad;
            high = fixedHigh ?? high + pad;
            if (high <= low)
                high = low + pad;
        }

        var step = Round((high - low) / Math.Max(1, maxTicks - 1));
        return new NiceScale(
            fixedLow ?? Math.Floor((low / step) + 1e-9) * step,
            fixedHigh ?? Math.Ceiling((high / step) - 1e-9) * step,
            step);
    }

    /// <summary>The tick values from <see cref="Low"/> to <see cref="High"/>.</summary>
    public IReadOnlyList<double> Ticks()
    {
        var ticks = new List<double>();
        for (var k = Math.Ceiling((Low / Step) - 1e-9); k * Step <= High + (Step * 1e-9); k++)
            ticks.Add(Math.Abs(k * Step) < Step * 1e-9 ? 0 : k * Step);
        return ticks;
    }

    private static double Round(double raw)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var fraction = raw / magnitude;
        var nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return nice * magnitude;
    }
}
