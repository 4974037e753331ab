using Assay.Otlp;

namespace Assay.Core.Tests.Otlp;

public sealed class OtlpJsonTests
{
    [Fact]
    public void Traces_hex_ids_integer_enums_and_unknown_fields_are_read()
    {
        var json = """
            {"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"eee19b7ec3c1b174",
              "kind":3,"status":{"code":2},"startTimeUnixNano":1764000000000000000,"unknownField":[1,2],
              "attributes":[{"key":"n","value":{"intValue":"42"}}]}]}],"extra":true}]}
            """u8;

        var span = OtlpJson.Traces(json).ResourceSpans[0].ScopeSpans[0].Spans[0];

        Assert.Equal("5b8efff798038103d269b633813fc60c", OtlpValues.Hex(span.TraceId));
        Assert.Equal("eee19b7ec3c1b174", OtlpValues.Hex(span.SpanId));
        Assert.Equal(Assay.Otlp.Proto.Span.Types.SpanKind.Client, span.Kind);
        Assert.Equal(42, span.Attributes[0].Value.IntValue);
    }

    [Fact]
    public void Logs_proto_field_names_are_read_too_and_bad_ids_name_their_place()
    {
        var record = OtlpJson.Logs("""{"resource_logs":[{"scope_logs":[{"log_records":[{"trace_id":"00000000000000000000000000000001","span_id":"0000000000000002","event_name":"e"}]}]}]}"""u8)
            .ResourceLogs[0].ScopeLogs[0].LogRecords[0];
        var bad = Assert.Throws<FormatException>(() => OtlpJson.Logs("""{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"spanId":"xyz1"}]}]}]}"""u8));

        Assert.Equal("0000000000000002", OtlpValues.Hex(record.SpanId));
        Assert.Equal("e", record.EventName);
        Assert.StartsWith("/resourceLogs/0/scopeLogs/0/logRecords/0/spanId", bad.Message, StringComparison.Ordinal);
    }
}
