using System.Buffers;
using Assay.Ingest;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Assay.Server.Ingest;

/// <summary>Reads an ingest request's body within the size limit and decides its format from the headers.</summary>
internal static class RequestBody
{
    /// <summary>The first reservation: what a body may hold before any byte arrives, whatever its Content-Length announces.</summary>
    private const int FirstReservation = 64 * 1024;

    public sealed record Outcome(BodyFormat Format, byte[]? Buffer, int Length, long Reserved, string Caller, int Status, string? Problem, string? Header);

    /// <param name="caller">Who is sending (API key id, or remote address without keys): its share of the budget is bounded.</param>
    public static async Task<Outcome> ReadAsync(HttpRequest request, IngestLimits limits, BodyBudget budget, string caller, CancellationToken cancellationToken)
    {
        if (!TryFormat(request.ContentType, out var format, out var why))
            return Refuse(StatusCodes.Status415UnsupportedMediaType, why, HeaderNames.ContentType);
        var encoding = request.Headers.ContentEncoding.ToString();
        if (encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
            return Refuse(StatusCodes.Status415UnsupportedMediaType, $"Content-Encoding '{encoding}' is not supported; send the body uncompressed", HeaderNames.ContentEncoding);
        if (request.ContentLength > limits.MaxBodyBytes)
            return Refuse(StatusCodes.Status413PayloadTooLarge, $"the body is {request.ContentLength} bytes; the limit is {limits.MaxBodyBytes}", HeaderNames.ContentLength);

        return await ReadStreamAsync(request.Body, request.ContentLength, limits.MaxBodyBytes, budget, caller, cancellationToken) with { Format = format };
    }

    /// <summary>
    /// Reads <paramref name="stream"/> to its end into a pooled buffer, at most <paramref name="limit"/> bytes, reserving
    /// budget as bytes arrive; also used for a decompressed body, whose size no header announces.
    /// </summary>
    public static async Task<Outcome> ReadStreamAsync(Stream stream, long? announced, long limit, BodyBudget budget, string caller, CancellationToken cancellationToken)
    {
        // Reserve as bytes arrive: a client that announces 32 MiB and trickles holds only what it has sent.
        var capacity = (int)Math.Min(Math.Min(announced ?? 16 * 1024, FirstReservation), limit) + 1;
        if (!budget.TryReserve(caller, capacity))
            return Refuse(StatusCodes.Status503ServiceUnavailable, "too many request bodies are being read; nothing was stored; retry after a second", null);
        var buffer = ArrayPool<byte>.Shared.Rent(capacity);
        var reserved = (long)capacity;
        var length = 0;
        string? refusal = null;
        var status = StatusCodes.Status413PayloadTooLarge;
        try
        {
            while (refusal is null)
            {
                if (length == buffer.Length)
                {
                    var growTo = (int)Math.Min((long)buffer.Length * 2, limit + 1);
                    if (length > limit)
                    {
                        refusal = $"the body is larger than the limit of {limit} bytes";
                        break;
                    }

                    if (!budget.TryReserve(caller, growTo - reserved))
                    {
                        (status, refusal) = (StatusCodes.Status503ServiceUnavailable, "too many request bodies are being read; nothing was stored; retry after a second");
                        break;
                    }

                    reserved = growTo;
                    var larger = ArrayPool<byte>.Shared.Rent(growTo);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int read;
                try
                {
                    read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
                }
                catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
                {
                    // Without Content-Length, Kestrel's own limit (one byte above ours) can fire first: the pooled buffer may be larger.
                    refusal = $"the body is larger than the limit of {limit} bytes";
                    break;
                }

                if (read == 0)
                    break;
                length += read;
            }

            if (refusal is null && length > limit)
                refusal = $"the body is larger than the limit of {limit} bytes";
            if (refusal is null && length == 0)
                (status, refusal) = (StatusCodes.Status400BadRequest, "the body is empty");
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            budget.Release(caller, reserved);
            throw;
        }

        if (refusal is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            budget.Release(caller, reserved);
            return Refuse(status, refusal, null);
        }

        return new Outcome(BodyFormat.Json, buffer, length, reserved, caller, 0, null, null);
    }

    /// <summary>Returns the buffer to the pool and its bytes to the budget.</summary>
    public static void Release(Outcome outcome, BodyBudget budget)
    {
        if (outcome.Buffer is null)
            return;
        ArrayPool<byte>.Shared.Return(outcome.Buffer);
        budget.Release(outcome.Caller, outcome.Reserved);
    }

    private static bool TryFormat(string? contentType, out BodyFormat format, out string why)
    {
        format = BodyFormat.Json;
        why = "";
        if (string.IsNullOrEmpty(contentType) || !MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            why = "Content-Type must be application/json or application/x-ndjson";
            return false;
        }

        var charset = media.Charset.ToString();
        if (charset.Length > 0 && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            why = $"charset '{charset}' is not supported; bodies are UTF-8";
            return false;
        }

        var type = media.MediaType.ToString().ToLowerInvariant();
        switch (type)
        {
            case "application/json":
                return true;
            case "application/x-ndjson" or "application/jsonl" or "application/jsonlines" or "application/x-jsonlines":
                format = BodyFormat.Ndjson;
                return true;
            default:
                why = $"Content-Type '{type}' is not supported; use application/json or application/x-ndjson";
                return false;
        }
    }

    private static Outcome Refuse(int status, string problem, string? header) => new(BodyFormat.Json, null, 0, 0, "", status, problem, header);
}
