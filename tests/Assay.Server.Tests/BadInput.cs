namespace Assay.Server.Tests;

/// <summary>One kind of bad ingest request and the problem it must be answered with.</summary>
/// <param name="Pointer">The JSON pointer the problem must name; null when no field is at fault.</param>
/// <param name="Header">The header the problem must name, for header problems.</param>
/// <param name="Chunked">Send without Content-Length, so that the server only learns the size by reading.</param>
public sealed record BadInput(
    byte[] Body,
    int Status,
    string? Pointer,
    string? ContentType = "application/json",
    string? Header = null,
    string? ContentEncoding = null,
    bool Chunked = false);
