using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;
using Assay.Json;

namespace Assay.Ingest;

/// <summary>Splits a request body into interactions and validates each one.</summary>
/// <remarks>
/// A body that cannot be read as a whole (invalid UTF-8, malformed JSON, too many items) is refused
/// entirely. In NDJSON each line stands alone: a malformed line is rejected, the others go on.
/// An item with a duplicate property name or an unpaired surrogate escape is rejected alone, naming the string.
/// </remarks>
public sealed class IngestBodyReader(InteractionParser parser)
{
    private static readonly JsonDocumentOptions s_strict = new() { MaxDepth = 32, AllowDuplicateProperties = false };
    private static readonly JsonDocumentOptions s_lenient = new() { MaxDepth = 32 };

    public IngestRequest Read(ReadOnlyMemory<byte> body, BodyFormat format)
    {
        if (!Utf8.IsValid(body.Span))
            return IngestRequest.Refused("", $"the body is not valid UTF-8 (first bad byte at offset {FirstInvalidByte(body.Span)})");
        var span = body.Span;
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            body = body[3..];
        return format == BodyFormat.Ndjson ? ReadNdjson(body) : ReadJson(body);
    }

    private IngestRequest ReadJson(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        bool defective;
        try
        {
            document = Parse(body, out defective);
        }
        catch (JsonException e)
        {
            return IngestRequest.Refused("", JsonSyntaxError.Describe(e));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                var count = root.GetArrayLength();
                if (count == 0)
                    return IngestRequest.Refused("", "the array holds no interactions");
                if (count > parser.Limits.MaxItemsPerRequest)
                    return IngestRequest.Refused("", $"the array holds {count} interactions; the limit per request is {parser.Limits.MaxItemsPerRequest}");
                var items = new List<IngestItem>(count);
                var index = 0;
                foreach (var element in root.EnumerateArray())
                {
                    items.Add(ReadOne(element, index, null, JsonPointer.Append("", index), defective));
                    index++;
                }

                return new IngestRequest(true, items, null);
            }

            return new IngestRequest(false, [ReadOne(root, 0, null, "", defective)], null);
        }
    }

    private IngestRequest ReadNdjson(ReadOnlyMemory<byte> body)
    {
        var items = new List<IngestItem>();
        var lineNumber = 0;
        var rest = body;
        while (!rest.IsEmpty)
        {
            lineNumber++;
            var newline = rest.Span.IndexOf((byte)'\n');
            var line = newline < 0 ? rest : rest[..newline];
            rest = newline < 0 ? ReadOnlyMemory<byte>.Empty : rest[(newline + 1)..];
            if (IsBlank(line.Span))
                continue;
            if (items.Count == parser.Limits.MaxItemsPerRequest)
                return IngestRequest.Refused("", $"the body holds more than {parser.Limits.MaxItemsPerRequest} lines; the limit per request is {parser.Limits.MaxItemsPerRequest}");
            items.Add(ReadLine(line, items.Count, lineNumber));
        }

        return items.Count == 0
            ? IngestRequest.Refused("", "the body holds no interactions")
            : new IngestRequest(true, items, null);
    }

    private IngestItem ReadLine(ReadOnlyMemory<byte> line, int index, int lineNumber)
    {
        if (line.Length > parser.Limits.MaxInteractionBytes)
            return new IngestItem(index, lineNumber, null, null, [new IngestProblem("", $"the line is {line.Length} bytes; the limit per interaction is {parser.Limits.MaxInteractionBytes}")]);
        try
        {
            using var document = Parse(line, out var defective);
            return ReadOne(document.RootElement, index, lineNumber, "", defective);
        }
        catch (JsonException e)
        {
            return new IngestItem(index, lineNumber, null, null, [new IngestProblem("", JsonSyntaxError.Describe(e, lineNumber))]);
        }
    }

    /// <summary>Parses refusing duplicate names; <paramref name="defective"/> says that some item holds a duplicate or an unreadable name.</summary>
    /// <exception cref="JsonException">The text is not well-formed JSON (the message gives the position).</exception>
    private static JsonDocument Parse(ReadOnlyMemory<byte> json, out bool defective)
    {
        try
        {
            defective = false;
            return JsonDocument.Parse(json, s_strict);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // The duplicate check says neither where nor in which item, and throws InvalidOperationException on a
            // name with an unpaired surrogate. A lenient parse tells these from malformed JSON (which it throws
            // again, with a position); then each item is searched on its own.
            defective = true;
            return JsonDocument.Parse(json, s_lenient);
        }
    }

    private IngestItem ReadOne(JsonElement element, int index, int? line, string at, bool defective)
    {
        if (line is null && JsonMarshal.GetRawUtf8Value(element).Length > parser.Limits.MaxInteractionBytes)
            return new IngestItem(index, line, null, null, [new IngestProblem(at, $"the interaction is larger than the limit of {parser.Limits.MaxInteractionBytes} bytes")]);
        if (defective)
        {
            var defects = new List<IngestProblem>();
            JsonDefects.Find(element, at, duplicates: true, defects);
            if (defects.Count > 0)
                return new IngestItem(index, line, InteractionParser.ReadableId(element), null, defects);
        }

        var (value, id, problems) = parser.Parse(element, at);
        return new IngestItem(index, line, id, value, problems);
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.Trim((ReadOnlySpan<byte>)[(byte)' ', (byte)'\t', (byte)'\r']).IsEmpty;

    private static int FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        // Decode until the first failure; the consumed count is the offset of the bad sequence.
        Span<char> scratch = stackalloc char[256];
        var offset = 0;
        while (offset < bytes.Length)
        {
            var status = Utf8.ToUtf16(bytes[offset..], scratch, out var read, out _, replaceInvalidSequences: false);
            offset += read;
            if (status == System.Buffers.OperationStatus.InvalidData)
                return offset;
            if (status == System.Buffers.OperationStatus.Done)
                break;
        }

        return offset;
    }
}
