using Assay.Otlp.Proto;

namespace Assay.Otlp;

/// <summary>A span that describes a GenAI call, with its resource and every event that belongs to it (span events and joined log records).</summary>
/// <param name="TraceId">Lower-case hex.</param>
/// <param name="SpanId">Lower-case hex.</param>
public sealed record GenAiSpan(
    string TraceId,
    string SpanId,
    ulong StartUnixNano,
    ulong EndUnixNano,
    IReadOnlyDictionary<string, AnyValue> Attributes,
    IReadOnlyDictionary<string, AnyValue> Resource,
    IReadOnlyList<TelemetryEvent> Events)
{
    public string Key => TraceId + "-" + SpanId;
}
