using Assay.Monitoring;

namespace Assay.Reporting;

/// <summary>Features indexed by the UTC minute of their timestamp, each minute stamped with the change that last touched it.</summary>
/// <remarks>
/// Lets a reader take one bucket's features without a pass over all of them, and tell whether a bucket changed since it
/// was aggregated (<see cref="LastChange"/>). Features without a timestamp are not indexed. Within a minute, features keep
/// the order they were added in. Not thread-safe.
/// </remarks>
public sealed class FeatureMinutes
{
    private readonly Dictionary<long, Minute> _minutes = [];
    private long _changes;
    private long _oldest = long.MaxValue;

    // Minutes emptied and dropped leave no stamp behind, so the latest such drop is remembered for every range reaching back to it.
    private long _droppedUpTo = long.MinValue;
    private long _droppedStamp;

    public int Count { get; private set; }

    public void Add(InteractionFeatures feature)
    {
        ArgumentNullException.ThrowIfNull(feature);
        if (feature.Timestamp is not { } at)
            return;
        var key = MinuteOf(at);
        if (!_minutes.TryGetValue(key, out var minute))
            _minutes[key] = minute = new Minute();
        minute.Features.Add(feature);
        minute.Stamp = ++_changes;
        _oldest = Math.Min(_oldest, key);
        Count++;
    }

    /// <summary>Puts <paramref name="updated"/> where <paramref name="old"/> (the same object) was; false when it is not indexed.</summary>
    public bool Replace(InteractionFeatures old, InteractionFeatures updated)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(updated);
        if (old.Timestamp != updated.Timestamp || old.Timestamp is not { } at || !_minutes.TryGetValue(MinuteOf(at), out var minute))
            return Remove(old) && Added(updated);
        var index = IndexOf(minute.Features, old);
        if (index < 0)
            return false;
        minute.Features[index] = updated;
        minute.Stamp = ++_changes;
        return true;
    }

    /// <summary>Removes <paramref name="feature"/> (the same object); false when it is not indexed.</summary>
    public bool Remove(InteractionFeatures feature)
    {
        ArgumentNullException.ThrowIfNull(feature);
        if (feature.Timestamp is not { } at || !_minutes.TryGetValue(MinuteOf(at), out var minute))
            return false;
        var index = IndexOf(minute.Features, feature);
        if (index < 0)
            return false;
        minute.Features.RemoveAt(index);
        minute.Stamp = ++_changes;
        Count--;
        if (minute.Features.Count == 0)
        {
            _minutes.Remove(MinuteOf(at));
            _droppedUpTo = Math.Max(_droppedUpTo, MinuteOf(at));
            _droppedStamp = _changes;
        }

        return true;
    }

    /// <summary>The features with a timestamp before <paramref name="time"/>, oldest minute first (a copy: remove freely while reading).</summary>
    public List<InteractionFeatures> Before(DateTimeOffset time)
    {
        var found = new List<InteractionFeatures>();
        if (_minutes.Count == 0)
            return found;
        var last = MinuteOf(time);
        var next = long.MaxValue;
        for (var key = _oldest; key <= last && key != long.MaxValue; key++)
        {
            if (!_minutes.TryGetValue(key, out var minute))
                continue;
            next = Math.Min(next, key);
            foreach (var feature in minute.Features)
            {
                if (feature.Timestamp < time)
                    found.Add(feature);
            }
        }

        // Nothing held before the last minute looked at: later minutes may still hold features, so that minute is a safe bound.
        _oldest = next != long.MaxValue ? next : Math.Max(_oldest, last);
        return found;
    }

    /// <summary>Adds to <paramref name="into"/> the features in [<paramref name="from"/>, <paramref name="to"/>) that <paramref name="where"/> takes, minute by minute.</summary>
    public void CopyTo(List<InteractionFeatures> into, DateTimeOffset from, DateTimeOffset to, Func<InteractionFeatures, bool>? where = null)
    {
        ArgumentNullException.ThrowIfNull(into);
        for (var key = Math.Max(MinuteOf(from), _oldest); key <= LastMinuteBefore(to); key++)
        {
            if (!_minutes.TryGetValue(key, out var minute))
                continue;
            foreach (var feature in minute.Features)
            {
                if (feature.Timestamp >= from && feature.Timestamp < to && (where is null || where(feature)))
                    into.Add(feature);
            }
        }
    }

    /// <summary>A number that changes whenever a feature in [<paramref name="from"/>, <paramref name="to"/>) is added, replaced or removed.</summary>
    /// <remarks>The largest stamp of the minutes touching the range: every change takes a new, larger stamp.</remarks>
    public long LastChange(DateTimeOffset from, DateTimeOffset to)
    {
        var first = MinuteOf(from);
        var stamp = first <= _droppedUpTo ? _droppedStamp : 0;
        for (var key = Math.Max(first, _oldest); key <= LastMinuteBefore(to); key++)
        {
            if (_minutes.TryGetValue(key, out var minute))
                stamp = Math.Max(stamp, minute.Stamp);
        }

        return stamp;
    }

    private bool Added(InteractionFeatures feature)
    {
        Add(feature);
        return true;
    }

    private static int IndexOf(List<InteractionFeatures> features, InteractionFeatures feature)
    {
        for (var i = 0; i < features.Count; i++)
        {
            if (ReferenceEquals(features[i], feature))
                return i;
        }

        return -1;
    }

    private static long MinuteOf(DateTimeOffset time) => time.UtcTicks / TimeSpan.TicksPerMinute;

    /// <summary>The minute holding the last instant before <paramref name="to"/>: a range's end is exclusive.</summary>
    private static long LastMinuteBefore(DateTimeOffset to) => MinuteOf(to - TimeSpan.FromTicks(1));

    private sealed class Minute
    {
        public List<InteractionFeatures> Features { get; } = [];

        public long Stamp { get; set; }
    }
}
