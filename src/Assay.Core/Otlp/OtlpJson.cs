using System.Text.Json;
using System.Text.Json.Nodes;
using Assay.Otlp.Proto;
using Google.Protobuf;

namespace Assay.Otlp;

/// <summary>Reads OTLP/JSON export requests: protobuf's JSON mapping with OTLP's differences.</summary>
/// <remarks>
/// OTLP/JSON writes trace and span ids as hex, not base64, so they are rewritten before protobuf's parser sees them
/// (base64 would accept most hex strings and silently decode the wrong bytes). Enums may be integers, and unknown
/// fields are ignored, as OTLP requires. Field names may be lowerCamelCase or the proto names.
/// </remarks>
public static class OtlpJson
{
    private static readonly JsonParser s_parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true).WithRecursionLimit(64));
    private static readonly JsonDocumentOptions s_document = new() { MaxDepth = 128, AllowDuplicateProperties = false };

    /// <exception cref="FormatException">The body is not OTLP/JSON; the message says where.</exception>
    public static ExportTraceServiceRequest Traces(ReadOnlySpan<byte> utf8) =>
        Parse<ExportTraceServiceRequest>(utf8, ["resourceSpans", "scopeSpans", "spans"]);

    /// <exception cref="FormatException">The body is not OTLP/JSON; the message says where.</exception>
    public static ExportLogsServiceRequest Logs(ReadOnlySpan<byte> utf8) =>
        Parse<ExportLogsServiceRequest>(utf8, ["resourceLogs", "scopeLogs", "logRecords"]);

    private static T Parse<T>(ReadOnlySpan<byte> utf8, string[] path)
        where T : IMessage, new()
    {
        try
        {
            return ParseValid<T>(utf8, path);
        }
        catch (InvalidOperationException e)
        {
            // Strings are decoded lazily: an unpaired surrogate escape surfaces here, on first read.
            throw new FormatException("a string or name is not valid Unicode: " + e.Message, e);
        }
        catch (System.Text.DecoderFallbackException e)
        {
            throw new FormatException("the body is not valid UTF-8: " + e.Message, e);
        }
        catch (ArgumentException e)
        {
            // A repeated property name: which value the sender meant is ambiguous, so the body is refused.
            throw new FormatException("a property name is repeated: " + e.Message, e);
        }
    }

    private static T ParseValid<T>(ReadOnlySpan<byte> utf8, string[] path)
        where T : IMessage, new()
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(utf8, documentOptions: s_document);
        }
        catch (JsonException e)
        {
            throw new FormatException($"malformed JSON: {e.Message}", e);
        }

        if (root is not JsonObject)
            throw new FormatException("an OTLP/JSON body must be a JSON object");
        foreach (var (item, at) in Items(root, path, 0, ""))
        {
            foreach (var id in (string[])["traceId", "trace_id", "spanId", "span_id", "parentSpanId", "parent_span_id"])
            {
                if (item[id] is not JsonValue value)
                    continue;
                if (!value.TryGetValue<string>(out var hex) || hex.Length % 2 != 0 || !IsHex(hex))
                    throw new FormatException($"{at}/{id} must be a hex string (OTLP/JSON writes ids as hex)");
                item[id] = Convert.ToBase64String(Convert.FromHexString(hex));
            }
        }

        try
        {
            return s_parser.Parse<T>(root.ToJsonString());
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new FormatException(e.Message, e);
        }
        catch (InvalidJsonException e)
        {
            throw new FormatException(e.Message, e);
        }
    }

    /// <summary>The objects at the end of <paramref name="path"/> (arrays of objects, by camelCase or proto names), with their pointers.</summary>
    private static IEnumerable<(JsonObject Item, string At)> Items(JsonNode node, string[] path, int depth, string at)
    {
        if (depth == path.Length)
        {
            if (node is JsonObject leaf)
                yield return (leaf, at);
            yield break;
        }

        if (node is not JsonObject obj)
            yield break;
        var name = path[depth];
        var snake = JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
        foreach (var key in snake == name ? [name] : (string[])[name, snake])
        {
            if (obj[key] is not JsonArray array)
                continue;
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is { } child)
                {
                    foreach (var found in Items(child, path, depth + 1, $"{at}/{key}/{i}"))
                        yield return found;
                }
            }
        }
    }

    private static bool IsHex(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
                return false;
        }

        return true;
    }
}
