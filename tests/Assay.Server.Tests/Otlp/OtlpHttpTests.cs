using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Assay.Otlp;
using Assay.Otlp.Proto;
using static Assay.Server.Tests.Otlp.OtlpJsonBodies;

namespace Assay.Server.Tests.Otlp;

/// <summary>OTLP/HTTP over real Kestrel: every message form, idempotent re-sends, partial success, content capture off.</summary>
public sealed class OtlpHttpTests(OtlpTestServer server) : IClassFixture<OtlpTestServer>
{
    private const string Chat = """{"key":"gen_ai.operation.name","value":{"stringValue":"chat"}}""";

    [Fact]
    public async Task Traces_json_current_semconv_is_stored_with_reasoning_usage_and_project()
    {
        var spanId = NewSpanId();
        var span = Span(spanId, string.Join(',', Chat, Attr("gen_ai.request.model", "gpt-4o"), Attr("gen_ai.provider.name", "openai"),
            Int("gen_ai.usage.input_tokens", 11), Int("gen_ai.usage.output_tokens", 5),
            Attr("gen_ai.input.messages", """[{"role":"user","parts":[{"type":"text","content":"Capital of France?"}]}]"""),
            Attr("gen_ai.output.messages", """[{"role":"assistant","parts":[{"type":"reasoning","content":"Recall geography."},{"type":"text","content":"Paris."}],"finish_reason":"stop"}]""")));

        using var response = await server.ExportAsync("v1/traces", Utf8(Traces("geo-bot", span)), "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False((await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("partialSuccess", out _));
        var stored = (await server.GetJsonAsync($"v1/interactions/{InteractionId(spanId)}")).GetProperty("interaction");
        Assert.Equal("Paris.", stored.GetProperty("response").GetString());
        Assert.Equal("Recall geography.", stored.GetProperty("reasoning").GetString());
        Assert.Equal("geo-bot", stored.GetProperty("metadata").GetProperty("project").GetString());
        Assert.Equal(11, stored.GetProperty("usage").GetProperty("input_tokens").GetInt64());
        Assert.Equal(750, stored.GetProperty("latency_ms").GetDouble());
    }

    [Fact]
    public async Task Traces_json_openllmetry_legacy_attributes_are_stored()
    {
        var spanId = NewSpanId();
        var span = Span(spanId, string.Join(',', Attr("llm.request.type", "chat"), Attr("gen_ai.system", "OpenAI"), Attr("gen_ai.request.model", "gpt-3.5-turbo"),
            Attr("gen_ai.prompt.0.role", "user"), Attr("gen_ai.prompt.0.content", "Tell me a joke"),
            Attr("gen_ai.completion.0.role", "assistant"), Attr("gen_ai.completion.0.content", "Why did the chicken…"),
            Int("gen_ai.usage.prompt_tokens", 4), Int("gen_ai.usage.completion_tokens", 6)));

        using var response = await server.ExportAsync("v1/traces", Utf8(Traces("jokes", span)), "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = (await server.GetJsonAsync($"v1/interactions/{InteractionId(spanId)}")).GetProperty("interaction");
        Assert.Equal("Tell me a joke", stored.GetProperty("input")[0].GetProperty("content").GetString());
        Assert.Equal("Why did the chicken…", stored.GetProperty("response").GetString());
        Assert.Equal(6, stored.GetProperty("usage").GetProperty("output_tokens").GetInt64());
    }

    [Fact]
    public async Task Traces_json_openinference_llm_span_is_stored_with_reasoning_content()
    {
        var spanId = NewSpanId();
        var span = Span(spanId, string.Join(',', Attr("openinference.span.kind", "LLM"), Attr("llm.model_name", "claude-sonnet"),
            Attr("llm.input_messages.0.message.role", "user"), Attr("llm.input_messages.0.message.content", "2+2?"),
            Attr("llm.output_messages.0.message.role", "assistant"),
            Attr("llm.output_messages.0.message.contents.0.message_content.type", "reasoning"),
            Attr("llm.output_messages.0.message.contents.0.message_content.text", "Two and two."),
            Attr("llm.output_messages.0.message.contents.1.message_content.type", "text"),
            Attr("llm.output_messages.0.message.contents.1.message_content.text", "4"),
            Int("llm.token_count.prompt", 3), Int("llm.token_count.completion", 1)));

        using var response = await server.ExportAsync("v1/traces", Utf8(Traces("math", span)), "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = (await server.GetJsonAsync($"v1/interactions/{InteractionId(spanId)}")).GetProperty("interaction");
        Assert.Equal("claude-sonnet", stored.GetProperty("model").GetString());
        Assert.Equal("4", stored.GetProperty("response").GetString());
        Assert.Equal("Two and two.", stored.GetProperty("reasoning").GetString());
    }

    [Fact]
    public async Task Logs_deprecated_message_events_are_joined_to_a_span_sent_later()
    {
        var spanId = NewSpanId();
        var logs = Logs(
            LogRecord(spanId, "gen_ai.system.message", """{"kvlistValue":{"values":[{"key":"content","value":{"stringValue":"Be terse."}}]}}"""),
            LogRecord(spanId, "gen_ai.user.message", """{"kvlistValue":{"values":[{"key":"content","value":{"stringValue":"Hi?"}}]}}"""),
            LogRecord(spanId, "gen_ai.choice", """{"kvlistValue":{"values":[{"key":"index","value":{"intValue":"0"}},{"key":"finish_reason","value":{"stringValue":"stop"}},{"key":"message","value":{"kvlistValue":{"values":[{"key":"content","value":{"stringValue":"Hello."}}]}}}]}}"""));

        using var first = await server.ExportAsync("v1/logs", Utf8(logs), "application/json");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var second = await server.ExportAsync("v1/traces", Utf8(Traces("events", Span(spanId, string.Join(',', Chat, Attr("gen_ai.request.model", "m"))))), "application/json");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var stored = (await server.GetJsonAsync($"v1/interactions/{InteractionId(spanId)}")).GetProperty("interaction");
        Assert.Equal("system", stored.GetProperty("input")[0].GetProperty("role").GetString());
        Assert.Equal("Hi?", stored.GetProperty("input")[1].GetProperty("content").GetString());
        Assert.Equal("Hello.", stored.GetProperty("response").GetString());
    }

    [Fact]
    public async Task Traces_a_batch_sent_again_as_gzip_protobuf_stores_nothing_twice()
    {
        var spanId = NewSpanId();
        var json = Traces("resend", Span(spanId, string.Join(',', Chat,
            Attr("gen_ai.input.messages", """[{"role":"user","parts":[{"type":"text","content":"q"}]}]"""),
            Attr("gen_ai.output.messages", """[{"role":"assistant","parts":[{"type":"text","content":"a"}]}]"""))));
        var protobuf = Gzip(Google.Protobuf.MessageExtensions.ToByteArray(OtlpJson.Traces(Utf8(json))));
        using var first = await server.ExportAsync("v1/traces", protobuf, "application/x-protobuf", "gzip");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var before = await server.Store.CountAsync(CancellationToken.None);

        using var again = await server.ExportAsync("v1/traces", protobuf, "application/x-protobuf", "gzip");
        using var asJson = await server.ExportAsync("v1/traces", Utf8(json), "application/json");

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("application/x-protobuf", again.Content.Headers.ContentType!.MediaType);
        Assert.Null(ExportTraceServiceResponse.Parser.ParseFrom(await again.Content.ReadAsByteArrayAsync()).PartialSuccess);
        Assert.Equal(HttpStatusCode.OK, asJson.StatusCode);
        Assert.Equal(before.Interactions, (await server.Store.CountAsync(CancellationToken.None)).Interactions);
    }

    [Fact]
    public async Task Traces_spans_that_cannot_be_stored_are_a_partial_success_with_count_and_message()
    {
        var good = NewSpanId();
        var spans = new[]
        {
            Span(good, string.Join(',', Chat, Attr("gen_ai.input.messages", """[{"role":"user","parts":[{"type":"text","content":"q"}]}]"""))),
            Span(NewSpanId(), string.Join(',', Chat, Attr("gen_ai.output.messages", """[{"role":"assistant","parts":[{"type":"text","content":"orphan"}]}]"""))),
            Span(NewSpanId(), Attr("http.route", "/health")),
        };

        using var response = await server.ExportAsync("v1/traces", Utf8(Traces("partial", spans)), "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var partial = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("partialSuccess");
        Assert.Equal("1", partial.GetProperty("rejectedSpans").GetString());
        Assert.Contains("no input messages", partial.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        await server.GetJsonAsync($"v1/interactions/{InteractionId(good)}");
    }

    [Fact]
    public async Task Traces_without_content_are_not_stored_but_counted_and_warned_about_once()
    {
        var spanIds = new[] { NewSpanId(), NewSpanId() };
        var body = Traces("capture-off", spanIds.Select(id => Span(id, string.Join(',', Chat, Attr("gen_ai.request.model", "gpt-4o"), Int("gen_ai.usage.input_tokens", 9)))).ToArray());
        var before = (await server.GetJsonAsync("v1/otlp/status")).GetProperty("spans_without_content").GetInt64();

        using var response = await server.ExportAsync("v1/traces", Utf8(body), "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement status = default;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            status = await server.GetJsonAsync("v1/otlp/status");
            if (status.GetProperty("spans_without_content").GetInt64() >= before + 2)
                break;
            await Task.Delay(100);
        }

        Assert.Equal(before + 2, status.GetProperty("spans_without_content").GetInt64());
        Assert.Contains("EnableSensitiveData", status.GetProperty("warning").GetString(), StringComparison.Ordinal);
        Assert.Single(server.Warnings, w => w.Contains("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true", StringComparison.Ordinal));
        foreach (var id in spanIds)
        {
            using var missing = await server.Http.GetAsync(new Uri($"v1/interactions/{InteractionId(id)}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }
    }

    [Theory]
    [InlineData("application/json", null, "{\"resourceSpans\":[", 400, "not OTLP/JSON")]
    [InlineData("application/json", null, "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"zz\"}]}]}]}", 400, "/resourceSpans/0/scopeSpans/0/spans/0/traceId must be a hex string")]
    [InlineData("application/x-protobuf", null, "not protobuf at all", 400, "not an OTLP protobuf message")]
    [InlineData("application/x-protobuf", "gzip", "not gzip", 400, "not valid gzip")]
    [InlineData("application/x-protobuf", "br", "x", 415, "Content-Encoding 'br'")]
    [InlineData("text/plain", null, "x", 415, "application/x-protobuf or application/json")]
    public async Task Traces_bad_bodies_are_problems_naming_what_is_wrong(string contentType, string? encoding, string body, int status, string detail)
    {
        using var response = await server.ExportAsync("v1/traces", Utf8(body), contentType, encoding);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(detail, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
            gzip.Write(data);
        return output.ToArray();
    }
}
