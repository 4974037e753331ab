using System.Net.Sockets;
using System.Text;

namespace Assay.Server.Tests;

/// <summary>Requests Kestrel finds malformed, written byte by byte over a socket: the answer is still a problem where the app can give one.</summary>
public sealed class MalformedHttpTests(AssayTestServer server) : IClassFixture<AssayTestServer>
{
    [Theory]
    [InlineData("zz\r\n")]
    [InlineData("5\r\nab")]
    [InlineData("3;x\r\nabcXY")]
    public async Task Post_chunked_body_with_bad_framing_is_400_problem(string chunks)
    {
        var request = "POST /v1/interactions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks + "\r\n0\r\n\r\n";

        var (head, body) = await SendRawAsync(request);

        Assert.StartsWith("HTTP/1.1 400", head, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/problem+json", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"status\":400", body, StringComparison.Ordinal);
        Assert.Contains("\"detail\":", body, StringComparison.Ordinal);
    }

    /// <summary>
    /// Kestrel rejects a malformed request line or headers itself, before the app sees a request: the status is right but
    /// the body is empty, and .NET 10 has no hook to make it a problem (see BadRequestExceptionHandler). This pins that limit.
    /// </summary>
    [Theory]
    [InlineData("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: {big}\r\n\r\n", 431)]
    [InlineData("GET /{big} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 414)]
    [InlineData("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header\r\n\r\n", 400)]
    [InlineData("POST /v1/interactions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400)]
    public async Task Request_kestrel_rejects_before_the_app_keeps_its_status_with_an_empty_body(string request, int status)
    {
        var (head, body) = await SendRawAsync(request.Replace("{big}", new string('a', 40_000), StringComparison.Ordinal));

        Assert.StartsWith($"HTTP/1.1 {status}", head, StringComparison.Ordinal);
        Assert.Contains("Content-Length: 0", head, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("", body);
    }

    /// <summary>Sends <paramref name="request"/> and reads until the server closes or five seconds pass.</summary>
    private async Task<(string Head, string Body)> SendRawAsync(string request)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await client.ConnectAsync(server.Address.Host, server.Address.Port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), timeout.Token);
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
                if (IsComplete(received))
                    break;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // A reset or a timeout ends the answer; what arrived so far is judged below.
        }

        var text = Encoding.UTF8.GetString(received.ToArray());
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return split < 0 ? (text, "") : (text[..split], text[(split + 4)..]);
    }

    /// <summary>True once the head and a body of the announced Content-Length have arrived.</summary>
    private static bool IsComplete(MemoryStream received)
    {
        var text = Encoding.UTF8.GetString(received.ToArray());
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (split < 0)
            return false;
        var header = text[..split].Split("\r\n").FirstOrDefault(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        return header is not null && Encoding.UTF8.GetByteCount(text[(split + 4)..]) >= int.Parse(header["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
