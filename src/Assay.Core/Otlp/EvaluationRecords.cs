using Assay.Domain;
using Assay.Otlp.Proto;
using Google.Protobuf;

namespace Assay.Otlp;

/// <summary>Assay's flags as OTLP <c>gen_ai.evaluation.result</c> log records, so a trace UI shows them beside the call.</summary>
/// <remarks>
/// A record is parented to the evaluated span (its trace and span id) when the interaction came through OTLP, whose id
/// is <c>otlp-&lt;trace id&gt;-&lt;span id&gt;</c>; any other interaction is named by <c>gen_ai.response.id</c>. Pure and thread-safe.
/// </remarks>
public static class EvaluationRecords
{
    public const string EventName = "gen_ai.evaluation.result";

    /// <summary>The record of one flag on interaction <paramref name="interactionId"/>, raised at <paramref name="at"/>.</summary>
    public static LogRecord From(string interactionId, Flag flag, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(flag);
        var severity = flag.Severity.ToString().ToLowerInvariant();
        var nanos = (ulong)(at.ToUnixTimeMilliseconds() * 1_000_000);
        var record = new LogRecord
        {
            EventName = EventName,
            TimeUnixNano = nanos,
            ObservedTimeUnixNano = nanos,
            SeverityNumber = flag.Severity switch
            {
                Severity.Low => 9, // INFO
                Severity.Medium => 13, // WARN
                Severity.High => 17, // ERROR
                _ => 21, // FATAL
            },
            SeverityText = severity,
            Body = Text($"{flag.Rule}: {flag.Explanation}"),
        };
        record.Attributes.Add(Attribute("gen_ai.evaluation.name", flag.Rule));
        record.Attributes.Add(Attribute("gen_ai.evaluation.score.label", $"{flag.Category} {severity}"));
        record.Attributes.Add(Attribute("gen_ai.evaluation.explanation", $"{flag.Category} ({severity}): {flag.Explanation}"));
        record.Attributes.Add(Attribute("assay.flag.category", flag.Category));
        record.Attributes.Add(Attribute("assay.flag.severity", severity));
        record.Attributes.Add(Attribute("assay.interaction.id", interactionId));
        if (TryParseSpan(interactionId, out var traceId, out var spanId))
        {
            record.TraceId = ByteString.CopyFrom(traceId);
            record.SpanId = ByteString.CopyFrom(spanId);
        }
        else
        {
            record.Attributes.Add(Attribute("gen_ai.response.id", interactionId));
        }

        return record;
    }

    /// <summary>One export request of <paramref name="records"/>, from resource <c>service.name = assay</c>.</summary>
    public static ExportLogsServiceRequest Request(IEnumerable<LogRecord> records)
    {
        var scope = new ScopeLogs { Scope = new InstrumentationScope { Name = "Assay" } };
        scope.LogRecords.AddRange(records);
        var resource = new ResourceLogs { Resource = new Resource() };
        resource.Resource.Attributes.Add(Attribute("service.name", "assay"));
        resource.ScopeLogs.Add(scope);
        var request = new ExportLogsServiceRequest();
        request.ResourceLogs.Add(resource);
        return request;
    }

    /// <summary>The trace and span id in an OTLP interaction id (<c>otlp-</c>, 32 hex digits, <c>-</c>, 16 hex digits).</summary>
    public static bool TryParseSpan(string interactionId, out byte[] traceId, out byte[] spanId)
    {
        ArgumentNullException.ThrowIfNull(interactionId);
        traceId = spanId = [];
        if (interactionId.Length != 5 + 32 + 1 + 16 || !interactionId.StartsWith("otlp-", StringComparison.Ordinal) || interactionId[37] != '-')
            return false;
        try
        {
            traceId = Convert.FromHexString(interactionId.AsSpan(5, 32));
            spanId = Convert.FromHexString(interactionId.AsSpan(38, 16));
            return true;
        }
        catch (FormatException)
        {
            traceId = spanId = [];
            return false;
        }
    }

    private static KeyValue Attribute(string key, string value) => new() { Key = key, Value = Text(value) };

    private static AnyValue Text(string value) => new() { StringValue = value };
}
