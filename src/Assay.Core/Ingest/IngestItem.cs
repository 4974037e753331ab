namespace Assay.Ingest;

/// <summary>The outcome of reading one interaction of a request: either a valid interaction or its problems.</summary>
/// <param name="Index">Zero-based position in the request (array element or NDJSON line).</param>
/// <param name="Line">One-based NDJSON line number; null for JSON bodies.</param>
/// <param name="Id">The interaction id when one could be read, to help the client match results.</param>
public sealed record IngestItem(int Index, int? Line, string? Id, ParsedInteraction? Value, IReadOnlyList<IngestProblem> Problems)
{
    public bool IsValid => Value is not null;
}
