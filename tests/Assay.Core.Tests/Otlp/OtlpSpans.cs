using Assay.Otlp.Proto;
using Google.Protobuf;

namespace Assay.Core.Tests.Otlp;

/// <summary>Builds OTLP spans and log records for the mapping tests.</summary>
internal static class OtlpSpans
{
    public const string TraceHex = "5b8efff798038103d269b633813fc60c";
    public const string SpanHex = "eee19b7ec3c1b174";
    public const ulong Start = 1_764_000_000_000_000_000;

    public static AnyValue S(string text) => new() { StringValue = text };

    public static AnyValue I(long n) => new() { IntValue = n };

    public static AnyValue Kv(params (string Key, AnyValue Value)[] members)
    {
        var list = new KeyValueList();
        list.Values.AddRange(members.Select(m => new KeyValue { Key = m.Key, Value = m.Value }));
        return new AnyValue { KvlistValue = list };
    }

    public static AnyValue Arr(params AnyValue[] values)
    {
        var array = new ArrayValue();
        array.Values.AddRange(values);
        return new AnyValue { ArrayValue = array };
    }

    public static Span Span(string spanHex = SpanHex, params (string Key, AnyValue Value)[] attributes)
    {
        var span = new Span
        {
            TraceId = ByteString.CopyFrom(Convert.FromHexString(TraceHex)),
            SpanId = ByteString.CopyFrom(Convert.FromHexString(spanHex)),
            Name = "chat gpt-4o",
            StartTimeUnixNano = Start,
            EndTimeUnixNano = Start + 1_500_000_000,
        };
        span.Attributes.AddRange(attributes.Select(a => new KeyValue { Key = a.Key, Value = a.Value }));
        return span;
    }

    public static Span.Types.Event Event(string name, params (string Key, AnyValue Value)[] attributes)
    {
        var e = new Span.Types.Event { Name = name, TimeUnixNano = Start + 1 };
        e.Attributes.AddRange(attributes.Select(a => new KeyValue { Key = a.Key, Value = a.Value }));
        return e;
    }

    public static LogRecord Log(string eventName, AnyValue? body, string spanHex = SpanHex, params (string Key, AnyValue Value)[] attributes)
    {
        var record = new LogRecord
        {
            EventName = eventName,
            TraceId = ByteString.CopyFrom(Convert.FromHexString(TraceHex)),
            SpanId = ByteString.CopyFrom(Convert.FromHexString(spanHex)),
            TimeUnixNano = Start + 2,
            Body = body,
        };
        record.Attributes.AddRange(attributes.Select(a => new KeyValue { Key = a.Key, Value = a.Value }));
        return record;
    }

    public static ResourceSpans Resource(string service, params Span[] spans)
    {
        var resource = new ResourceSpans { Resource = new Resource() };
        resource.Resource.Attributes.Add(new KeyValue { Key = "service.name", Value = S(service) });
        var scope = new ScopeSpans();
        scope.Spans.AddRange(spans);
        resource.ScopeSpans.Add(scope);
        return resource;
    }

    public static ResourceLogs Logs(params LogRecord[] records)
    {
        var resource = new ResourceLogs { Resource = new Resource() };
        var scope = new ScopeLogs();
        scope.LogRecords.AddRange(records);
        resource.ScopeLogs.Add(scope);
        return resource;
    }
}
