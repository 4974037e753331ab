namespace Assay.Ingest;

/// <summary>How a request body holds interactions.</summary>
public enum BodyFormat
{
    /// <summary><c>application/json</c>: one object, or an array of objects.</summary>
    Json,

    /// <summary><c>application/x-ndjson</c>: one object per line.</summary>
    Ndjson,
}
