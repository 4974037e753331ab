namespace Assay.Server.Tests.Security;

/// <summary>Sends a <see cref="FuzzRequest"/> exactly as generated and returns what came back, or the transport error.</summary>
internal static class FuzzSender
{
    public sealed record Answer(int Status, string? MediaType, byte[] Body, string? Error);

    public static async Task<Answer> SendAsync(HttpClient client, FuzzRequest request)
    {
        using HttpContent content = request.Chunked ? new UnsizedContent(request.Body) : new ByteArrayContent(request.Body);
        if (request.ContentType is not null)
            content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
        if (request.ContentEncoding is not null)
            content.Headers.ContentEncoding.Add(request.ContentEncoding);
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(request.Path.TrimStart('/'), UriKind.Relative)) { Content = content };
        // A refused request may leave its body unread and Kestrel then closes the connection;
        // a fresh connection per request keeps the next one from racing that close.
        message.Headers.ConnectionClose = true;
        if (request.Chunked)
            message.Headers.TransferEncodingChunked = true;
        if (request.Cookie is not null)
            message.Headers.TryAddWithoutValidation("Cookie", request.Cookie);
        try
        {
            using var response = await client.SendAsync(message);
            var body = await response.Content.ReadAsByteArrayAsync();
            return new Answer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return new Answer(0, null, [], $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Content whose length is unknown to the client, so that it is sent chunked.</summary>
    private sealed class UnsizedContent(byte[] body) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(body).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
