namespace Assay.Client;

/// <summary>Where <see cref="AssayClient"/> sends, and how much it holds and retries before it gives up.</summary>
public sealed record AssayClientOptions
{
    /// <summary>The Assay server's base address, e.g. <c>http://127.0.0.1:5080/</c>; interactions go to <c>v1/interactions</c> under it.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>An ingest key (<c>assay keys create --role ingest</c>), sent as <c>Authorization: Bearer</c>; none when null.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Interactions held while the server is slow or away; beyond it new ones are dropped and counted, never blocked on.</summary>
    public int Capacity { get; init; } = 10_000;

    /// <summary>At most this many interactions per request (one NDJSON body).</summary>
    public int MaxBatchSize { get; init; } = 500;

    /// <summary>Tries per batch on overload (429, 503), server errors and network failures before the batch counts as failed.</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>The first back-off; it doubles per try, with jitter, up to <see cref="MaxRetryDelay"/>, unless the server sends <c>Retry-After</c>.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>One request's time limit; a timed-out request is retried (the ids make that safe).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long disposing waits for what is queued to be sent.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The HTTP handler to send through (a proxy, custom certificates); a pooled one of the client's own when null.</summary>
    public HttpMessageHandler? Handler { get; init; }
}
