namespace Assay.Server.Ingest;

/// <summary>The answer to a single-object ingest.</summary>
internal sealed record IngestResult(string Id, string Status);

/// <summary>The answer to a bulk ingest: totals and one result per item, in request order.</summary>
internal sealed record BulkIngestResult(int Accepted, int Duplicate, int Rejected, int Conflict, IReadOnlyList<BulkItemResult> Results);

/// <summary>What happened to one item of a bulk request.</summary>
internal sealed record BulkItemResult(int Index, int? Line, string? Id, string Status, IReadOnlyList<Http.Problems.ErrorEntry>? Errors);
