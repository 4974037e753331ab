using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Assay.Server.Tests.Security;

/// <summary>Requests whose chunked framing is broken, which no HTTP client library will send: written to a raw socket.</summary>
internal static class MalformedChunks
{
    /// <summary>The broken framings: a size that is not hex, a size that does not match, an absurd size, a bad extension.</summary>
    public static IReadOnlyList<(string Name, string Body)> Framings { get; } =
    [
        ("non-hex-size", "zz\r\n{}\r\n0\r\n\r\n"),
        ("size-too-large", "5\r\n{}\r\n0\r\n\r\n"),
        ("huge-size", "ffffffffffffffffff\r\n{}\r\n0\r\n\r\n"),
        ("bad-extension", "2;\u0001=\r\n{}\r\n0\r\n\r\n"),
        ("missing-crlf", "2\r\n{}XX0\r\n\r\n"),
    ];

    public static async Task<FuzzSender.Answer> SendAsync(Uri address, string token, FuzzRequest request)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            using var socket = new TcpClient();
            await socket.ConnectAsync(address.Host, address.Port, timeout.Token);
            var stream = socket.GetStream();
            var head = $"{request.Method} {request.Path} HTTP/1.1\r\nHost: {address.Authority}\r\nAuthorization: Bearer {token}\r\n" +
                $"Content-Type: {request.ContentType}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head).Concat(request.Body).ToArray(), timeout.Token);
            using var answer = new MemoryStream();
            await stream.CopyToAsync(answer, timeout.Token);
            var text = Encoding.UTF8.GetString(answer.ToArray());
            var parts = text.Split(' ', 3);
            if (parts.Length < 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
                return new FuzzSender.Answer(0, null, [], $"NoStatusLine: the server closed after {text.Length} characters");
            var separator = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            var mediaType = text.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))?[13..].Split(';')[0].Trim();
            return new FuzzSender.Answer(status, mediaType, separator < 0 ? [] : Encoding.UTF8.GetBytes(Unchunk(text[(separator + 4)..], text)), null);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return new FuzzSender.Answer(0, null, [], $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>The answer's body; when the answer is itself chunked, the text of its first chunk (problem bodies are one chunk).</summary>
    private static string Unchunk(string body, string whole)
    {
        if (!whole.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
            return body;
        var line = body.IndexOf("\r\n", StringComparison.Ordinal);
        if (line < 0 || !int.TryParse(body[..line], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var size))
            return body;
        return body.Substring(line + 2, Math.Min(size, body.Length - line - 2));
    }
}
