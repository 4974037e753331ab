namespace Assay.Server.Otlp;

/// <summary>Where Assay's flags go out as OTLP <c>gen_ai.evaluation.result</c> log records (<c>serve --otlp-export-endpoint</c>).</summary>
public sealed record VerdictExportOptions
{
    /// <value>
    /// The OTLP/HTTP receiver: a URL whose path ends in <c>/v1/logs</c> is used as it is, any other gets <c>v1/logs</c>
    /// appended (as <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> does). Null, the default, leaves export off.
    /// </value>
    public Uri? Endpoint { get; init; }

    /// <value>Headers sent with every export, such as an API key. Default none.</value>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <value>Most records waiting to be sent; past it new ones are dropped and counted, so export never holds the pipeline up. Default 10,000.</value>
    public int QueueCapacity { get; init; } = 10_000;

    /// <value>Most records in one export request. Default 512.</value>
    public int BatchSize { get; init; } = 512;

    /// <value>How long one export request may take. Default 10 s.</value>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The URL records are posted to.</summary>
    public Uri? LogsUrl => Endpoint is null ? null
        : Endpoint.AbsolutePath.EndsWith("/v1/logs", StringComparison.Ordinal) ? Endpoint
        : new Uri(Endpoint.AbsoluteUri.EndsWith('/') ? Endpoint : new Uri(Endpoint.AbsoluteUri + "/"), "v1/logs");

    /// <summary>Reads <c>OTEL_EXPORTER_OTLP_HEADERS</c>' format: <c>key=value</c> pairs separated by commas, values percent-encoded.</summary>
    /// <exception cref="FormatException">A pair has no <c>=</c> or an empty key.</exception>
    public static IReadOnlyDictionary<string, string> ParseHeaders(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                throw new FormatException($"'{pair}' is not key=value");
            headers[pair[..equals].Trim()] = Uri.UnescapeDataString(pair[(equals + 1)..].Trim());
        }

        return headers;
    }
}
