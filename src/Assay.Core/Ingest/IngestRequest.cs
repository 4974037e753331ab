namespace Assay.Ingest;

/// <summary>The interactions read from one request body.</summary>
/// <param name="IsBulk">True for an array or NDJSON body: every item then gets its own result.</param>
/// <param name="BodyProblem">Set when the body as a whole is unusable; then <paramref name="Items"/> is empty.</param>
public sealed record IngestRequest(bool IsBulk, IReadOnlyList<IngestItem> Items, IngestProblem? BodyProblem)
{
    public static IngestRequest Refused(string pointer, string detail) => new(false, [], new IngestProblem(pointer, detail));
}
