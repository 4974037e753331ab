using Assay.Domain;
using Assay.Ingest;
using Assay.Otlp.Proto;

namespace Assay.Otlp;

/// <summary>Turns one GenAI inference span (with its joined events) into an interaction.</summary>
/// <remarks>
/// The id is <c>otlp-{trace id}-{span id}</c> and every field comes from the telemetry alone, so a batch sent again maps to
/// the same canonical interaction and is stored once. Pure and thread-safe.
/// </remarks>
public sealed class SpanMapper(OtlpMappingOptions options, IngestLimits limits)
{
    /// <summary>The operation-details event (a span event or a log record) that carries the messages in current conventions.</summary>
    public const string OperationDetails = "gen_ai.client.inference.operation.details";

    private static readonly HashSet<string> s_inferenceOperations = ["chat", "text_completion", "generate_content"];

    /// <summary>
    /// True for an inference span: <c>gen_ai.operation.name</c> chat, text_completion or generate_content; an
    /// OpenInference span of kind LLM; or OpenLLMetry's older <c>llm.request.type</c> chat or completion.
    /// </summary>
    public static bool IsInference(IReadOnlyDictionary<string, AnyValue> attributes) =>
        (OtlpValues.Text(attributes.GetValueOrDefault("gen_ai.operation.name")) is { } operation && s_inferenceOperations.Contains(operation))
        || string.Equals(OtlpValues.Text(attributes.GetValueOrDefault(OpenInferenceMessages.SpanKind)), "LLM", StringComparison.OrdinalIgnoreCase)
        || OtlpValues.Text(attributes.GetValueOrDefault("llm.request.type")) is "chat" or "completion";

    /// <summary>The messages of <paramref name="span"/>, from the first form that holds any.</summary>
    public static Conversation Read(GenAiSpan span)
    {
        if (SemconvMessages.Has(span.Attributes))
            return SemconvMessages.Read(span.Attributes);
        if (span.Events.FirstOrDefault(e => e.Name == OperationDetails && SemconvMessages.Has(e.Attributes)) is { } details)
            return SemconvMessages.Read(details.Attributes);
        if (OpenInferenceMessages.Has(span.Attributes))
            return OpenInferenceMessages.Read(span.Attributes);
        if (OpenLlmetryMessages.Has(span.Attributes))
            return OpenLlmetryMessages.Read(span.Attributes);
        var events = span.Events.Where(e => MessageEvents.IsMessageEvent(e.Name)).ToList();
        return events.Count > 0 ? MessageEvents.Read(events) : Conversation.Empty;
    }

    public static bool HasContent(GenAiSpan span) => Read(span).HasContent;

    /// <summary>The interaction, or why the span cannot be one; null for both when the span holds no message content.</summary>
    public (ParsedInteraction? Value, string? Problem) Map(GenAiSpan span) => Map(span, Read(span));

    /// <summary>As <see cref="Map(GenAiSpan)"/>, with the span's messages already read, so their JSON is parsed once.</summary>
    public (ParsedInteraction? Value, string? Problem) Map(GenAiSpan span, Conversation conversation)
    {
        ArgumentNullException.ThrowIfNull(span);
        ArgumentNullException.ThrowIfNull(conversation);
        if (!conversation.HasContent)
            return (null, null);
        if (conversation.Input.Count == 0)
            return (null, "the span has output messages but no input messages");
        if (conversation.Input.Count > limits.MaxMessages)
            return (null, $"the span has {conversation.Input.Count} input messages; the limit is {limits.MaxMessages}");
        if (conversation.Outputs.Count - 1 > limits.MaxSamples)
            return (null, $"the span has {conversation.Outputs.Count} choices; the limit is {limits.MaxSamples + 1}");

        var a = span.Attributes;
        var first = conversation.Outputs.Count > 0 ? conversation.Outputs[0] : new Answer("", null);
        var interaction = new Interaction(
            $"otlp-{span.TraceId}-{span.SpanId}",
            span.StartUnixNano == 0 ? null : DateTimeOffset.UnixEpoch.AddTicks((long)(span.StartUnixNano / 100)),
            Text(a, "gen_ai.response.model") ?? Text(a, "gen_ai.request.model") ?? Text(a, "llm.model_name") ?? "unknown",
            Text(a, options.ModelVersionAttribute) ?? Text(span.Resource, options.ModelVersionAttribute),
            conversation.Input,
            first.Text,
            string.IsNullOrEmpty(first.Reasoning) ? null : first.Reasoning,
            conversation.Outputs.Skip(1).Select(o => o.Text).ToList(),
            new InteractionMetadata(
                Text(span.Resource, options.ProjectAttribute) ?? Text(a, options.ProjectAttribute),
                Text(a, "user.id") ?? Text(a, "enduser.id"),
                Text(a, "gen_ai.conversation.id") ?? Text(a, "session.id"),
                null,
                Tags(span)),
            Usage(a),
            span.EndUnixNano >= span.StartUnixNano && span.StartUnixNano != 0 ? (span.EndUnixNano - span.StartUnixNano) / 1e6 : null);
        var parsed = InteractionParser.Canonicalise(interaction);
        return parsed.CanonicalJson.Length > limits.MaxInteractionBytes
            ? (null, $"the span's interaction is {parsed.CanonicalJson.Length} bytes; the limit is {limits.MaxInteractionBytes}")
            : (parsed, null);
    }

    private static SortedDictionary<string, string> Tags(GenAiSpan span)
    {
        var tags = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["source"] = "otlp",
            ["trace_id"] = span.TraceId,
            ["span_id"] = span.SpanId,
        };
        var a = span.Attributes;
        if ((Text(a, "gen_ai.provider.name") ?? Text(a, "gen_ai.system") ?? Text(a, "llm.provider") ?? Text(a, "llm.system")) is { } provider)
            tags["provider"] = provider;
        if (Text(a, "gen_ai.response.id") is { } responseId)
            tags["response_id"] = responseId;
        if (Text(a, "gen_ai.operation.name") is { } operation)
            tags["operation"] = operation;
        return tags;
    }

    private static Usage? Usage(IReadOnlyDictionary<string, AnyValue> a)
    {
        var input = Count(a, "gen_ai.usage.input_tokens") ?? Count(a, "gen_ai.usage.prompt_tokens") ?? Count(a, "llm.token_count.prompt");
        var output = Count(a, "gen_ai.usage.output_tokens") ?? Count(a, "gen_ai.usage.completion_tokens") ?? Count(a, "llm.token_count.completion");
        var reasoning = Count(a, "gen_ai.usage.reasoning.output_tokens") ?? Count(a, "llm.token_count.completion_details.reasoning");
        return input is null && output is null && reasoning is null ? null : new Usage(input, output, reasoning);
    }

    private static string? Text(IReadOnlyDictionary<string, AnyValue> attributes, string key) =>
        OtlpValues.Text(attributes.GetValueOrDefault(key)) is { Length: > 0 } text ? text : null;

    private static long? Count(IReadOnlyDictionary<string, AnyValue> attributes, string key) =>
        OtlpValues.Count(attributes.GetValueOrDefault(key));
}
