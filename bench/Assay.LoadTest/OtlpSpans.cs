using System.Buffers.Binary;
using System.Text.Json;
using Assay.Demo;
using Assay.Otlp.Proto;
using Google.Protobuf;

namespace Assay.LoadTest;

/// <summary>
/// OTLP/HTTP protobuf export bodies of GenAI chat spans carrying the same demo conversations as <see cref="Payloads"/>
/// (about 1 KB of messages each, as JSON strings in <c>gen_ai.input.messages</c> / <c>gen_ai.output.messages</c>).
/// </summary>
internal sealed class OtlpSpans
{
    private readonly Span[] _templates;
    private readonly byte[] _traceId = Guid.NewGuid().ToByteArray();
    private long _next;

    public OtlpSpans(int variety = 64)
    {
        var traffic = new DemoTraffic(11, DateTimeOffset.UtcNow);
        _templates = new Span[variety];
        for (var i = 0; i < variety; i++)
        {
            var interaction = traffic.Next();
            var input = interaction.Input.Select(m => new { role = m.Role.ToString().ToLowerInvariant(), parts = new[] { new { type = "text", content = m.Content } } });
            var response = interaction.Response + " " + new string('.', Math.Max(0, 700 - interaction.Response.Length));
            var output = new[] { new { role = "assistant", parts = new[] { new { type = "text", content = response } }, finish_reason = "stop" } };
            var span = new Span { Name = "chat " + interaction.Model, Kind = Span.Types.SpanKind.Client, StartTimeUnixNano = 1_764_000_000_000_000_000, EndTimeUnixNano = 1_764_000_000_750_000_000 };
            span.Attributes.Add(Text("gen_ai.operation.name", "chat"));
            span.Attributes.Add(Text("gen_ai.provider.name", "openai"));
            span.Attributes.Add(Text("gen_ai.request.model", interaction.Model));
            span.Attributes.Add(Number("gen_ai.usage.input_tokens", 120));
            span.Attributes.Add(Number("gen_ai.usage.output_tokens", 60));
            span.Attributes.Add(Text("gen_ai.input.messages", JsonSerializer.Serialize(input)));
            span.Attributes.Add(Text("gen_ai.output.messages", JsonSerializer.Serialize(output)));
            _templates[i] = span;
        }
    }

    /// <summary>One export request of <paramref name="count"/> spans with fresh span ids.</summary>
    public byte[] Request(int count)
    {
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "Assay.LoadTest" } };
        Span<byte> spanId = stackalloc byte[8];
        for (var i = 0; i < count; i++)
        {
            var n = Interlocked.Increment(ref _next);
            var span = _templates[n % _templates.Length].Clone();
            BinaryPrimitives.WriteInt64BigEndian(spanId, n);
            span.TraceId = ByteString.CopyFrom(_traceId);
            span.SpanId = ByteString.CopyFrom(spanId);
            scope.Spans.Add(span);
        }

        var resource = new ResourceSpans { Resource = new Resource() };
        resource.Resource.Attributes.Add(Text("service.name", "load"));
        resource.ScopeSpans.Add(scope);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resource);
        return request.ToByteArray();
    }

    private static KeyValue Text(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    private static KeyValue Number(string key, long value) => new() { Key = key, Value = new AnyValue { IntValue = value } };
}
