using Assay.Otlp.Proto;

namespace Assay.Otlp;

/// <summary>An event of a GenAI call: a span event, or a log record joined to its span; <see cref="Body"/> only on log records.</summary>
public sealed record TelemetryEvent(string Name, ulong TimeUnixNano, IReadOnlyDictionary<string, AnyValue> Attributes, AnyValue? Body)
{
    public static TelemetryEvent From(Span.Types.Event e) =>
        new(e.Name, e.TimeUnixNano, OtlpValues.ToDictionary(e.Attributes), null);

    /// <summary>A log record's event name is its <c>event_name</c> field, or the older <c>event.name</c> attribute.</summary>
    public static TelemetryEvent From(LogRecord record)
    {
        var attributes = OtlpValues.ToDictionary(record.Attributes);
        var name = record.EventName.Length > 0 ? record.EventName : OtlpValues.Text(attributes.GetValueOrDefault("event.name")) ?? "";
        return new(name, record.TimeUnixNano != 0 ? record.TimeUnixNano : record.ObservedTimeUnixNano, attributes, record.Body);
    }
}
