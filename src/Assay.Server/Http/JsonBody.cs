using System.Text.Json;
using System.Text.Unicode;
using Assay.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Assay.Server.Http;

/// <summary>Reads the small JSON bodies of the control plane (keys, labels, adjudications) strictly and within a size limit.</summary>
/// <remarks>
/// Minimal APIs' own binding reads any size, lets a later duplicate property win and throws on an unpaired
/// surrogate; this reader answers each of those with a problem naming what is wrong, and changes nothing.
/// Every string and name of an accepted body is text (no unpaired surrogate) and no name repeats, so readers may call
/// <c>GetString</c> and <c>TryGetProperty</c> freely.
/// </remarks>
internal static class JsonBody
{
    /// <summary>The largest control-plane body: a label's note is at most 10,000 characters.</summary>
    public const int MaxBytes = 64 * 1024;

    private static readonly JsonDocumentOptions s_options = new() { MaxDepth = 16 };

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
        // A body whose framing is broken throws here; BadRequestExceptionHandler answers it with a problem.
        while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            length += read;

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
            return Refuse(Invalid(JsonSyntaxError.Describe(e)));
        }

        // Duplicate names and unpaired surrogates are found after parsing, so that the problem can name where they are.
        var defects = new List<Assay.Ingest.IngestProblem>();
        Assay.Ingest.JsonDefects.Find(root, "", duplicates: true, defects);
        return defects.Count == 0
            ? (root, null)
            : Refuse(Problems.Create(StatusCodes.Status400BadRequest, "invalid-body", "The request body is not valid",
                $"{defects[0].Pointer} {defects[0].Detail}", defects));
    }

    private static (JsonElement, IResult?) Refuse(IResult problem) => (default, problem);

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Invalid(string detail) =>
        Problems.Create(StatusCodes.Status400BadRequest, "invalid-body", "The request body is not valid", detail,
            [new Assay.Ingest.IngestProblem("", detail)]);

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooLarge(long? length) =>
        Problems.Create(StatusCodes.Status413PayloadTooLarge, "body-too-large", "The request body is too large",
            (length is { } l ? $"the body is {l} bytes" : "the body is larger than the limit") + $"; the limit for this request is {MaxBytes} bytes");
}
