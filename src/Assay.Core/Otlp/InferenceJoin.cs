namespace Assay.Otlp;

/// <summary>Joins GenAI spans that carry no messages with the log records that do, by trace and span id, whichever arrives first.</summary>
/// <remarks>
/// Bounded and in memory: a span or group of log records waits at most the join window, and at most the capacity wait
/// at once (the oldest is given up first). What is given up is returned by <see cref="Sweep"/> so the caller can count
/// it; nothing survives a restart, and on several nodes a span and its records must reach the same node to be joined.
/// Thread-safe.
/// </remarks>
public sealed class InferenceJoin(TimeProvider clock, TimeSpan window, int capacity)
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, long Stamp)> _order = new();
    private long _stamp;

    /// <summary>Spans and record groups waiting now.</summary>
    public int Waiting
    {
        get
        {
            lock (_entries)
                return _entries.Count;
        }
    }

    /// <summary>The span with its waiting records when they were here first; otherwise null and the span waits.</summary>
    /// <param name="scope">Who sent it (the API key's project): only records sent within the same scope are joined to it.</param>
    public GenAiSpan? AddSpan(string scope, GenAiSpan span)
    {
        var key = scope + "/" + span.Key;
        lock (_entries)
        {
            if (_entries.Remove(key, out var entry) && entry.Events.Count > 0)
                return span with { Events = [.. span.Events, .. entry.Events] };
            Park(key, new Entry(span, []));
            return null;
        }
    }

    /// <summary>The waiting span joined with <paramref name="events"/>; otherwise null and the records wait.</summary>
    public GenAiSpan? AddEvents(string scope, string spanKey, IReadOnlyList<TelemetryEvent> events)
    {
        var key = scope + "/" + spanKey;
        lock (_entries)
        {
            if (_entries.TryGetValue(key, out var entry) && entry.Span is { } span)
            {
                _entries.Remove(key);
                return span with { Events = [.. span.Events, .. events] };
            }

            if (entry is not null)
            {
                entry.Events.AddRange(events);
                return null;
            }

            Park(key, new Entry(null, [.. events]));
            return null;
        }
    }

    /// <summary>Gives up what waited longer than the window: the spans that never got content, and how many record groups never met their span.</summary>
    public (IReadOnlyList<GenAiSpan> Spans, int RecordGroups) Sweep()
    {
        var spans = new List<GenAiSpan>();
        var groups = 0;
        var now = clock.GetUtcNow();
        lock (_entries)
        {
            while (_order.TryPeek(out var next))
            {
                if (!_entries.TryGetValue(next.Key, out var entry) || entry.Stamp != next.Stamp)
                {
                    _order.Dequeue();
                    continue;
                }

                if (entry.Expires > now && _entries.Count <= capacity)
                    break;
                _order.Dequeue();
                _entries.Remove(next.Key);
                if (entry.Span is { } span)
                    spans.Add(span);
                else
                    groups++;
            }
        }

        return (spans, groups);
    }

    private void Park(string key, Entry entry)
    {
        entry.Stamp = ++_stamp;
        entry.Expires = clock.GetUtcNow() + window;
        _entries[key] = entry;
        _order.Enqueue((key, entry.Stamp));
    }

    private sealed class Entry(GenAiSpan? span, List<TelemetryEvent> events)
    {
        public GenAiSpan? Span { get; } = span;

        public List<TelemetryEvent> Events { get; } = events;

        public long Stamp { get; set; }

        public DateTimeOffset Expires { get; set; }
    }
}
