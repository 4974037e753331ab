namespace Assay.Ingest;

/// <summary>Size limits applied to incoming interactions; every default is documented in docs/INTERACTIONS.md.</summary>
public sealed record IngestLimits
{
    /// <value>Largest request body accepted, in bytes. Default 32 MiB.</value>
    public long MaxBodyBytes { get; init; } = 32L * 1024 * 1024;

    /// <value>Largest single interaction (one JSON object), in bytes of UTF-8. Default 1 MiB.</value>
    public int MaxInteractionBytes { get; init; } = 1024 * 1024;

    /// <value>Most interactions in one request (array elements or NDJSON lines). Default 10,000.</value>
    public int MaxItemsPerRequest { get; init; } = 10_000;

    /// <value>Most messages in <c>input</c>. Default 256.</value>
    public int MaxMessages { get; init; } = 256;

    /// <value>Most entries in <c>samples</c>. Default 64.</value>
    public int MaxSamples { get; init; } = 64;

    /// <value>Most entries in <c>metadata.tags</c>. Default 64.</value>
    public int MaxTags { get; init; } = 64;

    /// <value>Longest <c>id</c>, in characters. Default 256.</value>
    public int MaxIdLength { get; init; } = 256;

    public static IngestLimits Default { get; } = new();
}
