using Assay.Ingest;
using Assay.Otlp.Proto;

namespace Assay.Otlp;

/// <summary>What one OTLP export request became.</summary>
/// <param name="Items">The interactions to store, each with its span's key.</param>
/// <param name="Rejected">Spans (or log records) that are GenAI inference data but could not become an interaction, with why.</param>
/// <param name="Waiting">GenAI spans or record groups held for a join.</param>
/// <param name="Ignored">Spans or log records that are not GenAI inference data.</param>
/// <param name="NoContent">GenAI spans joined with their log records and still without any message.</param>
public sealed record OtlpBatch(IReadOnlyList<ParsedInteraction> Items, IReadOnlyList<string> Rejected, int Waiting, int Ignored, int NoContent);

/// <summary>Maps OTLP export requests (traces and logs) to interactions, joining log records to their spans.</summary>
/// <remarks>Thread-safe: the only state is the <see cref="InferenceJoin"/>.</remarks>
public sealed class OtlpTranslator(SpanMapper mapper, InferenceJoin join)
{
    public InferenceJoin Join => join;

    /// <param name="scope">Who sent the request (the API key's project); a span is joined only with log records of the same scope.</param>
    public OtlpBatch Traces(IEnumerable<ResourceSpans> resourceSpans, string scope)
    {
        var items = new List<ParsedInteraction>();
        var rejected = new List<string>();
        int waiting = 0, ignored = 0, noContent = 0;
        foreach (var resource in resourceSpans)
        {
            var resourceAttributes = OtlpValues.ToDictionary(resource.Resource?.Attributes);
            foreach (var span in resource.ScopeSpans.SelectMany(s => s.Spans))
            {
                var attributes = OtlpValues.ToDictionary(span.Attributes);
                if (!SpanMapper.IsInference(attributes))
                {
                    ignored++;
                    continue;
                }

                if (OtlpValues.Hex(span.TraceId) is not { Length: 32 } traceId || OtlpValues.Hex(span.SpanId) is not { Length: 16 } spanId)
                {
                    rejected.Add($"span '{span.Name}' has no valid trace id (16 bytes) and span id (8 bytes)");
                    continue;
                }

                var genAi = new GenAiSpan(traceId, spanId, span.StartTimeUnixNano, span.EndTimeUnixNano, attributes, resourceAttributes,
                    span.Events.Select(TelemetryEvent.From).ToList());
                // The messages' JSON is parsed here once and the conversation handed to the mapper: parsing it again
                // there cost about a tenth of OTLP ingest's throughput (docs/PERFORMANCE.md).
                var conversation = SpanMapper.Read(genAi);
                if (!conversation.HasContent)
                {
                    if (join.AddSpan(scope, genAi) is not { } joined)
                    {
                        waiting++;
                        continue;
                    }

                    genAi = joined;
                    conversation = SpanMapper.Read(genAi);
                }

                noContent += Add(genAi, conversation, items, rejected);
            }
        }

        return new OtlpBatch(items, rejected, waiting, ignored, noContent);
    }

    public OtlpBatch Logs(IEnumerable<ResourceLogs> resourceLogs, string scope)
    {
        var items = new List<ParsedInteraction>();
        var rejected = new List<string>();
        int waiting = 0, ignored = 0, noContent = 0;
        var groups = new Dictionary<string, List<TelemetryEvent>>(StringComparer.Ordinal);
        foreach (var record in resourceLogs.SelectMany(r => r.ScopeLogs).SelectMany(s => s.LogRecords))
        {
            var e = TelemetryEvent.From(record);
            if (e.Name != SpanMapper.OperationDetails && !MessageEvents.IsMessageEvent(e.Name))
            {
                ignored++;
                continue;
            }

            if (OtlpValues.Hex(record.TraceId) is not { Length: 32 } traceId || OtlpValues.Hex(record.SpanId) is not { Length: 16 } spanId)
            {
                rejected.Add($"log record '{e.Name}' has no valid trace id and span id, so it cannot be joined to its span");
                continue;
            }

            var key = traceId + "-" + spanId;
            if (!groups.TryGetValue(key, out var group))
                groups[key] = group = [];
            group.Add(e);
        }

        foreach (var (key, events) in groups)
        {
            if (join.AddEvents(scope, key, events) is { } joined)
                noContent += Add(joined, SpanMapper.Read(joined), items, rejected);
            else
                waiting++;
        }

        return new OtlpBatch(items, rejected, waiting, ignored, noContent);
    }

    /// <summary>Maps <paramref name="span"/>; 1 when it holds no message after all, else 0.</summary>
    private int Add(GenAiSpan span, Conversation conversation, List<ParsedInteraction> items, List<string> rejected)
    {
        var (value, problem) = mapper.Map(span, conversation);
        if (value is not null)
            items.Add(value);
        else if (problem is not null)
            rejected.Add($"span {span.SpanId}: {problem}");
        else
            return 1;
        return 0;
    }
}
