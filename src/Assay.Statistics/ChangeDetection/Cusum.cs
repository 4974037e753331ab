namespace Assay.Statistics.ChangeDetection;

/// <summary>A two-sided tabular CUSUM over a stream: S⁺ = max(0, S⁺ + x − μ₀ − kσ), S⁻ = max(0, S⁻ + μ₀ − kσ − x).</summary>
/// <remarks>An alarm fires when S⁺ or S⁻ exceeds hσ; both sums then restart at 0. Not thread-safe: one instance per stream.</remarks>
public sealed class Cusum
{
    private readonly CusumOptions _options;
    private long _index = -1;

    public Cusum(CusumOptions options)
    {
        options.Validate();
        _options = options;
    }

    /// <summary>The upward cumulative sum S⁺.</summary>
    public double Upper { get; private set; }

    /// <summary>The downward cumulative sum S⁻.</summary>
    public double Lower { get; private set; }

    /// <summary>Adds one observation; returns an alarm when it completes a shift.</summary>
    public ChangeAlarm? Add(double value)
    {
        _index++;
        var slack = _options.Slack * _options.Sigma;
        var threshold = _options.Threshold * _options.Sigma;
        Upper = Math.Max(0, Upper + value - _options.Target - slack);
        Lower = Math.Max(0, Lower + _options.Target - slack - value);
        ChangeAlarm? alarm = null;
        if (Upper > threshold)
        {
            alarm = new ChangeAlarm(_index, ChangeDirection.Increase, Upper);
        }
        else if (Lower > threshold)
        {
            alarm = new ChangeAlarm(_index, ChangeDirection.Decrease, Lower);
        }

        if (alarm is not null)
        {
            Upper = 0;
            Lower = 0;
        }

        return alarm;
    }

    /// <summary>All alarms over a whole series.</summary>
    public static IReadOnlyList<ChangeAlarm> Detect(ReadOnlySpan<double> series, CusumOptions options)
    {
        var cusum = new Cusum(options);
        var alarms = new List<ChangeAlarm>();
        foreach (var value in series)
        {
            if (cusum.Add(value) is { } alarm)
            {
                alarms.Add(alarm);
            }
        }

        return alarms;
    }
}
