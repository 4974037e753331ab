using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;

namespace Assay.Ingest;

/// <summary>Splits a request body into interactions and validates each one.</summary>
/// <remarks>
/// A body that cannot be read as a whole (invalid UTF-8, malformed JSON, too many items) is refused
/// entirely. In NDJSON each line stands alone: a malformed line is rejected, the others go on.
/// </remarks>
public sealed class IngestBodyReader(InteractionParser parser)
{
    private static readonly JsonDocumentOptions s_options = new() { MaxDepth = 32 };

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
        try
        {
            document = JsonDocument.Parse(body, s_options);
        }
        catch (JsonException e)
        {
            return IngestRequest.Refused("", $"malformed JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {FirstSentence(e.Message)}");
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
                    items.Add(ReadOne(element, index, null, JsonPointer.Append("", index)));
                    index++;
                }

                return new IngestRequest(true, items, null);
            }

            return new IngestRequest(false, [ReadOne(root, 0, null, "")], null);
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
            using var document = JsonDocument.Parse(line, s_options);
            return ReadOne(document.RootElement, index, lineNumber, "");
        }
        catch (JsonException e)
        {
            return new IngestItem(index, lineNumber, null, null, [new IngestProblem("", $"malformed JSON at byte {e.BytePositionInLine + 1}: {FirstSentence(e.Message)}")]);
        }
    }

    private IngestItem ReadOne(JsonElement element, int index, int? line, string at)
    {
        if (line is null && JsonMarshal.GetRawUtf8Value(element).Length > parser.Limits.MaxInteractionBytes)
            return new IngestItem(index, line, null, null, [new IngestProblem(at, $"the interaction is larger than the limit of {parser.Limits.MaxInteractionBytes} bytes")]);
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

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }
}
