using System.Globalization;
using System.Text;

namespace Assay.Server.Tests.Security;

/// <summary>One generated request: what is sent, and which generator made it, so that a failure can be replayed.</summary>
/// <param name="Index">The request's position in the run; with the seed it regenerates exactly this request.</param>
/// <param name="Generator">The mutations applied, in order (for example <c>interaction+lone-surrogate-key</c>).</param>
/// <param name="ContentType">The Content-Type header sent verbatim; null sends none.</param>
/// <param name="Chunked">Send without Content-Length, so that the server learns the size only by reading.</param>
/// <param name="Cookie">A Cookie header for the UI forms; null for the API.</param>
/// <param name="ContentEncoding">A Content-Encoding header, sent without encoding the body.</param>
public sealed record FuzzRequest(
    int Index,
    string Method,
    string Path,
    string Generator,
    byte[] Body,
    string? ContentType,
    bool Chunked = false,
    string? Cookie = null,
    string? ContentEncoding = null)
{
    /// <summary>The request as one line a person can read and paste into a replay: printable ASCII as is, the rest as <c>\xNN</c>.</summary>
    public string Describe(int maxBytes = 400)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"#{Index} {Method} {Path} [{Generator}] Content-Type: {ContentType ?? "(none)"}");
        if (Chunked)
            text.Append(" (chunked)");
        if (ContentEncoding is not null)
            text.Append(CultureInfo.InvariantCulture, $" Content-Encoding: {ContentEncoding}");
        text.Append(CultureInfo.InvariantCulture, $" body ({Body.Length} bytes): ");
        text.Append(Escape(Body, maxBytes));
        return text.ToString();
    }

    public static string Escape(ReadOnlySpan<byte> bytes, int maxBytes)
    {
        var text = new StringBuilder();
        foreach (var b in bytes[..Math.Min(bytes.Length, maxBytes)])
        {
            if (b is >= 0x20 and < 0x7F && b != (byte)'\\')
                text.Append((char)b);
            else
                text.Append(CultureInfo.InvariantCulture, $"\\x{b:X2}");
        }

        if (bytes.Length > maxBytes)
            text.Append(CultureInfo.InvariantCulture, $"… ({bytes.Length - maxBytes} more bytes)");
        return text.ToString();
    }
}
