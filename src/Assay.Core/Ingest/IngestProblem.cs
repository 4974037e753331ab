namespace Assay.Ingest;

/// <summary>One reason an interaction was refused, located by a JSON pointer (RFC 6901).</summary>
/// <param name="Pointer">Where the problem is, relative to the request body (e.g. <c>/input/0/role</c>).</param>
/// <param name="Detail">Why, in one sentence.</param>
public sealed record IngestProblem(string Pointer, string Detail);
