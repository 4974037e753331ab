using Assay.Domain;
using Assay.Ingest;
using Assay.Otlp;
using Assay.Otlp.Proto;
using static Assay.Core.Tests.Otlp.OtlpSpans;

namespace Assay.Core.Tests.Otlp;

public sealed class OtlpTranslatorTests
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));

    private OtlpTranslator Translator(OtlpMappingOptions? options = null) =>
        new(new SpanMapper(options ?? OtlpMappingOptions.Default, IngestLimits.Default), new InferenceJoin(_clock, TimeSpan.FromSeconds(60), 100));

    private static readonly (string, AnyValue) s_chat = ("gen_ai.operation.name", S("chat"));

    [Fact]
    public void Traces_semconv_json_strings_map_every_field()
    {
        var span = Span(SpanHex, s_chat,
            ("gen_ai.request.model", S("gpt-4o")), ("gen_ai.response.model", S("gpt-4o-2024-08-06")),
            ("gen_ai.provider.name", S("openai")), ("gen_ai.system", S("ignored")),
            ("gen_ai.conversation.id", S("conv-7")), ("gen_ai.response.id", S("chatcmpl-1")),
            ("gen_ai.usage.input_tokens", I(12)), ("gen_ai.usage.output_tokens", I(30)), ("gen_ai.usage.reasoning.output_tokens", I(20)),
            ("gen_ai.system_instructions", S("""[{"type":"text","content":"Be brief."}]""")),
            ("gen_ai.input.messages", S("""[{"role":"user","parts":[{"type":"text","content":"Weather in Paris?"}]}]""")),
            ("gen_ai.output.messages", S("""[{"role":"assistant","finish_reason":"stop","parts":[{"type":"reasoning","content":"The user wants weather."},{"type":"text","content":"Sunny."},{"type":"tool_call","id":"c1","name":"get_weather","arguments":{"city":"Paris"}}]}]""")));

        var batch = Translator().Traces([Resource("legal-bot", span)], "*");

        var i = Assert.Single(batch.Items).Interaction;
        Assert.Equal($"otlp-{TraceHex}-{SpanHex}", i.Id);
        Assert.Equal("gpt-4o-2024-08-06", i.Model);
        Assert.Equal([new Message(MessageRole.System, "Be brief."), new Message(MessageRole.User, "Weather in Paris?")], i.Input);
        Assert.Equal("Sunny.\n[tool_call get_weather({\"city\":\"Paris\"})]", i.Response);
        Assert.Equal("The user wants weather.", i.Reasoning);
        Assert.Equal(new Usage(12, 30, 20), i.Usage);
        Assert.Equal(1500, i.LatencyMs);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddTicks((long)(Start / 100)), i.Timestamp);
        Assert.Equal("legal-bot", i.Metadata.Project);
        Assert.Equal("conv-7", i.Metadata.SessionId);
        Assert.Equal("openai", i.Metadata.Tags["provider"]);
        Assert.Equal("chatcmpl-1", i.Metadata.Tags["response_id"]);
        Assert.Equal(SpanHex, i.Metadata.Tags["span_id"]);
        Assert.Empty(batch.Rejected);
    }

    [Fact]
    public void Traces_structured_messages_in_an_operation_details_event_are_read()
    {
        var span = Span(SpanHex, s_chat, ("gen_ai.request.model", S("m")));
        var hi = Kv(("type", S("text")), ("content", S("hi")));
        var hello = Kv(("type", S("text")), ("content", S("hello")));
        span.Events.Add(Event(SpanMapper.OperationDetails,
            ("gen_ai.input.messages", Arr(Kv(("role", S("user")), ("parts", Arr(hi))))),
            ("gen_ai.output.messages", Arr(Kv(("role", S("assistant")), ("parts", Arr(hello)))))));

        var i = Assert.Single(Translator().Traces([Resource("p", span)], "*").Items).Interaction;

        Assert.Equal([new Message(MessageRole.User, "hi")], i.Input);
        Assert.Equal("hello", i.Response);
        Assert.Equal("m", i.Model);
    }

    [Fact]
    public void Traces_every_part_type_is_written_and_blob_bytes_are_dropped()
    {
        var span = Span(SpanHex, s_chat, ("gen_ai.input.messages", S("""
            [{"role":"user","parts":[{"type":"text","content":"look"},{"type":"blob","modality":"image","mime_type":"image/png","content":"iVBORw0KGgo="},
              {"type":"uri","modality":"image","uri":"https://x.test/a.png"},{"type":"file","modality":"document","file_id":"file-9"},
              {"type":"audio_note","content":"generic text"},{"type":"custom","value":1}]},
             {"role":"tool","parts":[{"type":"tool_call_response","id":"c1","response":{"temp":21}}]},
             {"role":"developer","parts":[{"type":"text","content":"rules"}]}]
            """)), ("gen_ai.output.messages", S("""[{"role":"assistant","parts":[{"type":"text","content":"ok"}]}]""")));

        var i = Assert.Single(Translator().Traces([Resource("p", span)], "*").Items).Interaction;

        Assert.Equal("look\n[blob image image/png]\n[uri https://x.test/a.png]\n[file file-9]\ngeneric text\n{\"type\":\"custom\",\"value\":1}", i.Input[0].Content);
        Assert.DoesNotContain("iVBOR", i.Input[0].Content, StringComparison.Ordinal);
        Assert.Equal(new Message(MessageRole.Tool, "{\"temp\":21}"), i.Input[1]);
        Assert.Equal(MessageRole.System, i.Input[2].Role);
    }

    [Fact]
    public void Traces_openllmetry_flattened_prompts_and_completions_are_read_with_legacy_usage()
    {
        var span = Span(SpanHex, ("llm.request.type", S("chat")), ("gen_ai.system", S("OpenAI")), ("gen_ai.request.model", S("gpt-3.5-turbo")),
            ("gen_ai.prompt.0.role", S("system")), ("gen_ai.prompt.0.content", S("sys")),
            ("gen_ai.prompt.1.role", S("user")), ("gen_ai.prompt.1.content", S("q")),
            ("gen_ai.completion.0.role", S("assistant")), ("gen_ai.completion.0.content", S("a0")),
            ("gen_ai.completion.0.tool_calls.0.name", S("f")), ("gen_ai.completion.0.tool_calls.0.arguments", S("{}")),
            ("gen_ai.completion.1.content", S("a1")),
            ("gen_ai.usage.prompt_tokens", I(5)), ("gen_ai.usage.completion_tokens", I(7)));

        var i = Assert.Single(Translator().Traces([Resource("p", span)], "*").Items).Interaction;

        Assert.Equal([new Message(MessageRole.System, "sys"), new Message(MessageRole.User, "q")], i.Input);
        Assert.Equal("a0\n[tool_call f({})]", i.Response);
        Assert.Equal(["a1"], i.Samples);
        Assert.Equal(new Usage(5, 7, null), i.Usage);
        Assert.Equal("OpenAI", i.Metadata.Tags["provider"]);
    }

    [Fact]
    public void Traces_openinference_llm_span_reads_contents_reasoning_model_and_token_counts()
    {
        var span = Span(SpanHex, ("openinference.span.kind", S("LLM")), ("llm.model_name", S("claude-x")), ("llm.provider", S("anthropic")),
            ("llm.input_messages.0.message.role", S("user")),
            ("llm.input_messages.0.message.contents.0.message_content.type", S("text")),
            ("llm.input_messages.0.message.contents.0.message_content.text", S("What is 2+2?")),
            ("llm.input_messages.0.message.contents.1.message_content.type", S("image")),
            ("llm.input_messages.0.message.contents.1.message_content.image.image.url", S("https://x.test/i.png")),
            ("llm.output_messages.0.message.role", S("assistant")),
            ("llm.output_messages.0.message.contents.0.message_content.type", S("reasoning")),
            ("llm.output_messages.0.message.contents.0.message_content.text", S("add them")),
            ("llm.output_messages.0.message.contents.1.message_content.type", S("text")),
            ("llm.output_messages.0.message.contents.1.message_content.text", S("4")),
            ("llm.output_messages.0.message.tool_calls.0.tool_call.function.name", S("calc")),
            ("llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments", S("{\"x\":1}")),
            ("llm.token_count.prompt", I(9)), ("llm.token_count.completion", I(3)), ("llm.token_count.completion_details.reasoning", I(2)),
            ("session.id", S("s-1")), ("user.id", S("u-1")));

        var i = Assert.Single(Translator().Traces([Resource("p", span)], "*").Items).Interaction;

        Assert.Equal("claude-x", i.Model);
        Assert.Equal([new Message(MessageRole.User, "What is 2+2?\n[image https://x.test/i.png]")], i.Input);
        Assert.Equal("4\n[tool_call calc({\"x\":1})]", i.Response);
        Assert.Equal("add them", i.Reasoning);
        Assert.Equal(new Usage(9, 3, 2), i.Usage);
        Assert.Equal("s-1", i.Metadata.SessionId);
        Assert.Equal("u-1", i.Metadata.UserId);
        Assert.Equal("anthropic", i.Metadata.Tags["provider"]);
    }

    [Fact]
    public void Traces_deprecated_message_span_events_are_read_with_choices_in_index_order()
    {
        var span = Span(SpanHex, s_chat, ("gen_ai.request.model", S("m")));
        span.Events.Add(Event("gen_ai.system.message", ("content", S("sys"))));
        span.Events.Add(Event("gen_ai.user.message", ("content", S("q"))));
        span.Events.Add(Event("gen_ai.choice", ("index", I(1)), ("message", S("""{"role":"assistant","content":"second"}"""))));
        span.Events.Add(Event("gen_ai.choice", ("index", I(0)), ("finish_reason", S("stop")),
            ("message", S("""{"role":"assistant","content":"first","tool_calls":[{"id":"1","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}}]}"""))));

        var i = Assert.Single(Translator().Traces([Resource("p", span)], "*").Items).Interaction;

        Assert.Equal([new Message(MessageRole.System, "sys"), new Message(MessageRole.User, "q")], i.Input);
        Assert.Equal("first\n[tool_call f({\"a\":1})]", i.Response);
        Assert.Equal(["second"], i.Samples);
    }

    [Fact]
    public void Traces_spans_that_are_not_inference_are_ignored()
    {
        var embeddings = Span(SpanHex, ("gen_ai.operation.name", S("embeddings")), ("gen_ai.input.messages", S("[]")));
        var http = Span("0000000000000001", ("http.method", S("GET")));

        var batch = Translator().Traces([Resource("p", embeddings, http)], "*");

        Assert.Empty(batch.Items);
        Assert.Equal(2, batch.Ignored);
    }

    [Fact]
    public void Traces_a_span_without_content_waits_then_is_given_up_after_the_window()
    {
        var translator = Translator();
        var batch = translator.Traces([Resource("p", Span(SpanHex, s_chat, ("gen_ai.request.model", S("m"))))], "*");

        Assert.Empty(batch.Items);
        Assert.Equal(1, batch.Waiting);
        Assert.Empty(translator.Join.Sweep().Spans);
        _clock.Now += TimeSpan.FromSeconds(61);
        Assert.Equal(SpanHex, Assert.Single(translator.Join.Sweep().Spans).SpanId);
        Assert.Equal(0, translator.Join.Waiting);
    }

    [Fact]
    public void Logs_operation_details_arriving_after_its_span_is_joined_to_it()
    {
        var translator = Translator();
        translator.Traces([Resource("p", Span(SpanHex, s_chat, ("gen_ai.request.model", S("m")), ("gen_ai.usage.input_tokens", I(4))))], "*");

        var batch = translator.Logs([Logs(Log(SpanMapper.OperationDetails, null, SpanHex,
            ("gen_ai.input.messages", S("""[{"role":"user","parts":[{"type":"text","content":"q"}]}]""")),
            ("gen_ai.output.messages", S("""[{"role":"assistant","parts":[{"type":"text","content":"a"}]}]"""))))], "*");

        var i = Assert.Single(batch.Items).Interaction;
        Assert.Equal("a", i.Response);
        Assert.Equal(4, i.Usage!.InputTokens);
        Assert.Equal("p", i.Metadata.Project);
        Assert.Equal(0, translator.Join.Waiting);
    }

    [Fact]
    public void Logs_message_events_arriving_before_their_span_are_joined_when_it_comes()
    {
        var translator = Translator();
        var logs = translator.Logs([Logs(
            Log("gen_ai.user.message", Kv(("content", S("q")))),
            Log("gen_ai.choice", Kv(("index", I(0)), ("message", Kv(("content", S("a")), ("role", S("assistant")))))),
            Log("some.other.event", S("x")))], "*");
        Assert.Empty(logs.Items);
        Assert.Equal(1, logs.Waiting);
        Assert.Equal(1, logs.Ignored);

        var batch = translator.Traces([Resource("p", Span(SpanHex, s_chat))], "*");

        var i = Assert.Single(batch.Items).Interaction;
        Assert.Equal([new Message(MessageRole.User, "q")], i.Input);
        Assert.Equal("a", i.Response);
        Assert.Equal("unknown", i.Model);
    }

    [Fact]
    public void Logs_sent_with_another_scope_are_not_joined_to_the_span()
    {
        var translator = Translator();
        translator.Logs([Logs(Log("gen_ai.user.message", Kv(("content", S("injected")))))], "other-project");

        var batch = translator.Traces([Resource("p", Span(SpanHex, s_chat))], "p");

        Assert.Empty(batch.Items);
        Assert.Equal(1, batch.Waiting);
        Assert.Equal(2, translator.Join.Waiting);
    }

    [Fact]
    public void Traces_the_same_span_sent_twice_maps_to_the_same_canonical_interaction()
    {
        Span Make() => Span(SpanHex, s_chat, ("gen_ai.input.messages", S("""[{"role":"user","parts":[{"type":"text","content":"q"}]}]""")));

        var first = Assert.Single(Translator().Traces([Resource("p", Make())], "*").Items);
        var again = Assert.Single(Translator().Traces([Resource("p", Make())], "*").Items);

        Assert.Equal(first.ContentHash, again.ContentHash);
    }

    [Fact]
    public void Traces_project_and_model_version_come_from_the_configured_attributes()
    {
        var options = new OtlpMappingOptions { ProjectAttribute = "deployment.name", ModelVersionAttribute = "app.model_version" };
        var resource = Resource("svc", Span(SpanHex, s_chat, ("app.model_version", S("2026-11")),
            ("gen_ai.input.messages", S("""[{"role":"user","parts":[{"type":"text","content":"q"}]}]"""))));
        resource.Resource.Attributes.Add(new KeyValue { Key = "deployment.name", Value = S("legal") });

        var i = Assert.Single(Translator(options).Traces([resource], "*").Items).Interaction;

        Assert.Equal("legal", i.Metadata.Project);
        Assert.Equal("2026-11", i.ModelVersion);
    }

    [Fact]
    public void Traces_output_without_input_and_too_many_messages_are_rejected_with_why()
    {
        var noInput = Span(SpanHex, s_chat, ("gen_ai.output.messages", S("""[{"role":"assistant","parts":[{"type":"text","content":"a"}]}]""")));
        var many = "[" + string.Join(',', Enumerable.Repeat("""{"role":"user","parts":[{"type":"text","content":"q"}]}""", 300)) + "]";
        var tooMany = Span("0000000000000002", s_chat, ("gen_ai.input.messages", S(many)));
        var noIds = Span(SpanHex, s_chat);
        noIds.SpanId = Google.Protobuf.ByteString.Empty;

        var batch = Translator().Traces([Resource("p", noInput, tooMany, noIds)], "*");

        Assert.Empty(batch.Items);
        Assert.Equal(3, batch.Rejected.Count);
        Assert.Contains("no input messages", batch.Rejected[0], StringComparison.Ordinal);
        Assert.Contains("300 input messages; the limit is 256", batch.Rejected[1], StringComparison.Ordinal);
        Assert.Contains("no valid trace id", batch.Rejected[2], StringComparison.Ordinal);
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
