using System.Text.Json;

namespace Assay.Server.Tests.Otlp;

/// <summary>OTLP/JSON export bodies written from the OTLP specification: hex ids, integer enums, nanosecond times as strings.</summary>
internal static class OtlpJsonBodies
{
    public const string TraceId = "5B8EFFF798038103D269B633813FC60C";

    /// <summary>A fresh span id, so each test's interactions are its own.</summary>
    public static string NewSpanId() => Convert.ToHexString(Guid.NewGuid().ToByteArray()[..8]);

    public static string InteractionId(string spanId) => $"otlp-{TraceId.ToLowerInvariant()}-{spanId.ToLowerInvariant()}";

    public static string Attr(string key, string value) => $$$"""{"key":"{{{key}}}","value":{"stringValue":{{{JsonSerializer.Serialize(value)}}}}}""";

    public static string Int(string key, long value) => $$$"""{"key":"{{{key}}}","value":{"intValue":"{{{value}}}"}}""";

    public static string Span(string spanId, string attributes, string events = "") => $$$"""
        {"traceId":"{{{TraceId}}}","spanId":"{{{spanId}}}","parentSpanId":"","name":"chat","kind":3,
         "startTimeUnixNano":"1764000000000000000","endTimeUnixNano":"1764000000750000000",
         "attributes":[{{{attributes}}}],"events":[{{{events}}}],"status":{"code":1},"droppedLinksCount":0,"futureField":{"x":1}}
        """;

    public static string Traces(string service, params string[] spans) => $$$"""
        {"resourceSpans":[{"resource":{"attributes":[{{{Attr("service.name", service)}}}]},
          "scopeSpans":[{"scope":{"name":"test-instrumentation","version":"1.0"},"spans":[{{{string.Join(',', spans)}}}]}],
          "schemaUrl":"https://opentelemetry.io/schemas/1.37.0"}]}
        """;

    public static string LogRecord(string spanId, string eventName, string body, string attributes = "") => $$$"""
        {"timeUnixNano":"1764000000100000000","severityNumber":9,"severityText":"INFO","eventName":"{{{eventName}}}",
         "traceId":"{{{TraceId}}}","spanId":"{{{spanId}}}","body":{{{body}}},"attributes":[{{{attributes}}}]}
        """;

    public static string Logs(params string[] records) => $$$"""
        {"resourceLogs":[{"resource":{"attributes":[{{{Attr("service.name", "otlp-tests")}}}]},
          "scopeLogs":[{"scope":{"name":"test"},"logRecords":[{{{string.Join(',', records)}}}]}]}]}
        """;

    public static byte[] Utf8(string text) => System.Text.Encoding.UTF8.GetBytes(text);
}
