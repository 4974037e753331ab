namespace Assay.Statistics.ChangeDetection;

/// <summary>The Page–Hinkley test for a change in the mean of a stream whose baseline is not known in advance.</summary>
/// <remarks>
/// mₜ = Σ (xᵢ − x̄ᵢ − δ) with x̄ᵢ the running mean; an increase is signalled when mₜ − min mᵢ &gt; λ, and
/// symmetrically a decrease with uₜ = Σ (xᵢ − x̄ᵢ + δ) when max uᵢ − uₜ &gt; λ. After an alarm the test restarts
/// from scratch, learning the new mean. Not thread-safe: one instance per stream.
/// </remarks>
public sealed class PageHinkley
{
    private readonly PageHinkleyOptions _options;
    private long _index = -1;
    private long _count;
    private double _mean;
    private double _up;
    private double _upMinimum;
    private double _down;
    private double _downMaximum;

    public PageHinkley(PageHinkleyOptions? options = null)
    {
        _options = options ?? new PageHinkleyOptions();
        _options.Validate();
    }

    /// <summary>Adds one observation; returns an alarm when the cumulative deviation crosses λ.</summary>
    public ChangeAlarm? Add(double value)
    {
        _index++;
        _count++;
        _mean += (value - _mean) / _count;
        _up += value - _mean - _options.Delta;
        _upMinimum = Math.Min(_upMinimum, _up);
        _down += value - _mean + _options.Delta;
        _downMaximum = Math.Max(_downMaximum, _down);
        if (_count < _options.MinimumObservations)
        {
            return null;
        }

        ChangeAlarm? alarm = null;
        if (_up - _upMinimum > _options.Lambda)
        {
            alarm = new ChangeAlarm(_index, ChangeDirection.Increase, _up - _upMinimum);
        }
        else if (_downMaximum - _down > _options.Lambda)
        {
            alarm = new ChangeAlarm(_index, ChangeDirection.Decrease, _downMaximum - _down);
        }

        if (alarm is not null)
        {
            Reset();
        }

        return alarm;
    }

    /// <summary>All alarms over a whole series.</summary>
    public static IReadOnlyList<ChangeAlarm> Detect(ReadOnlySpan<double> series, PageHinkleyOptions? options = null)
    {
        var test = new PageHinkley(options);
        var alarms = new List<ChangeAlarm>();
        foreach (var value in series)
        {
            if (test.Add(value) is { } alarm)
            {
                alarms.Add(alarm);
            }
        }

        return alarms;
    }

    private void Reset()
    {
        _count = 0;
        _mean = 0;
        _up = 0;
        _upMinimum = 0;
        _down = 0;
        _downMaximum = 0;
    }
}
