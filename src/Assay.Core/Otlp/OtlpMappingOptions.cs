namespace Assay.Otlp;

/// <summary>How OTLP telemetry is mapped to interactions; every default is documented in docs/OPENTELEMETRY.md.</summary>
public sealed record OtlpMappingOptions
{
    /// <value>The resource attribute (or, failing that, span attribute) that names the project. Default <c>service.name</c>.</value>
    public string ProjectAttribute { get; init; } = "service.name";

    /// <value>The span attribute (or, failing that, resource attribute) that holds the model version. Default <c>assay.model_version</c>.</value>
    public string ModelVersionAttribute { get; init; } = "assay.model_version";

    /// <value>
    /// How long a GenAI span without message content waits for its log records (the operation-details record or
    /// per-message events), and log records for their span. Default 60 s.
    /// </value>
    public TimeSpan JoinWindow { get; init; } = TimeSpan.FromSeconds(60);

    /// <value>Most spans and log-record groups waiting to be joined; past it the oldest is given up. Default 10,000.</value>
    public int JoinCapacity { get; init; } = 10_000;

    public static OtlpMappingOptions Default { get; } = new();
}
