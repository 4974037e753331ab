using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Assay.Server.Http;

/// <summary>Reads the small JSON bodies of the control plane (keys, labels, adjudications) strictly and within a size limit.</summary>
/// <remarks>
/// Minimal APIs' own binding reads any size, lets a later duplicate property win and throws on an unpaired
/// surrogate; this reader answers each of those with a problem naming what is wrong, and changes nothing.
/// Every string of an accepted body is text (no unpaired surrogate), so readers may call <c>GetString</c> freely.
/// </remarks>
internal static class JsonBody
{
    /// <summary>The largest control-plane body: a label's note is at most 10,000 characters.</summary>
    public const int MaxBytes = 64 * 1024;

    private static readonly JsonDocumentOptions s_options = new() { MaxDepth = 16, AllowDuplicateProperties = false };

    public static async Task<(JsonElement Body, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var media) || !media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
            return Refuse(Problems.Create(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "The body must be JSON",
                "Content-Type must be application/json", extra: new Dictionary<string, object?> { ["header"] = HeaderNames.ContentType }));
        if (request.ContentLength > MaxBytes)
            return Refuse(TooLarge(request.ContentLength.Value));

        var buffer = new byte[MaxBytes + 1];
        var length = 0;
        int read;
        try
        {
            while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
                length += read;
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel found the framing broken (for example a chunk size that is not hex); the caller's fault, not ours.
            return Refuse(Problems.Create(e.StatusCode, "invalid-body", "The request body cannot be read", $"the body's framing is broken: {FirstSentence(e.Message)}"));
        }
        catch (IOException e) when (e.InnerException is OverflowException)
        {
            // Kestrel reports a chunk size too large for 64 bits this way rather than as a bad request.
            return Refuse(Problems.Create(StatusCodes.Status400BadRequest, "invalid-body", "The request body cannot be read", "the body's framing is broken: a chunk size is too large"));
        }

        if (length > MaxBytes)
            return Refuse(TooLarge(null));
        var bytes = buffer.AsMemory(0, length);
        if (length == 0)
            return Refuse(Invalid("the body is empty; send a JSON object"));
        if (!Utf8.IsValid(bytes.Span))
            return Refuse(Invalid("the body is not valid UTF-8"));
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(bytes, s_options);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return Refuse(Invalid($"malformed JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {FirstSentence(e.Message)}"));
        }
        catch (InvalidOperationException)
        {
            // Checking for duplicate names decodes every property name, and a name that is not text throws here.
            return Refuse(Invalid("a property name holds an unpaired UTF-16 surrogate escape (such as \\ud800), which is not text"));
        }

        return FindUnpairedSurrogate(root) is { } pointer
            ? Refuse(Problems.Create(StatusCodes.Status400BadRequest, "invalid-body", "The request body is not valid",
                $"{(pointer.Length == 0 ? "the body" : pointer)} holds an unpaired UTF-16 surrogate escape (such as \\ud800), which is not text",
                [new Assay.Ingest.IngestProblem(pointer, "holds an unpaired UTF-16 surrogate escape, which is not text")]))
            : (root, null);
    }

    /// <summary>The pointer of the first string or property name that is not text (an unpaired surrogate escape such as <c>\ud800</c>), or null.</summary>
    internal static string? FindUnpairedSurrogate(JsonElement element, string at = "")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return Readable(() => element.GetString()) ? null : at;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindUnpairedSurrogate(item, at + "/" + index++) is { } inItem)
                        return inItem;
                }

                return null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name = "";
                    if (!Readable(() => name = property.Name))
                        return at + "/";
                    if (FindUnpairedSurrogate(property.Value, at + "/" + name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)) is { } inValue)
                        return inValue;
                }

                return null;
            default:
                return null;
        }
    }

    private static bool Readable(Action read)
    {
        try
        {
            read();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static (JsonElement, IResult?) Refuse(IResult problem) => (default, problem);

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Invalid(string detail) =>
        Problems.Create(StatusCodes.Status400BadRequest, "invalid-body", "The request body is not valid", detail,
            [new Assay.Ingest.IngestProblem("", detail)]);

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooLarge(long? length) =>
        Problems.Create(StatusCodes.Status413PayloadTooLarge, "body-too-large", "The request body is too large",
            (length is { } l ? $"the body is {l} bytes" : "the body is larger than the limit") + $"; the limit for this request is {MaxBytes} bytes");

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }
}
