namespace Assay.Storage;

/// <summary>A filter over the audit log: <paramref name="From"/> inclusive, <paramref name="To"/> exclusive on entry time.</summary>
/// <param name="Actor">A key id, or the name of a keyless actor (<c>system</c>, <c>cli</c>).</param>
/// <param name="Subject">One id the entries concern, exactly as logged (<c>interaction:ID</c>, <c>task:7</c>…).</param>
/// <param name="After">The cursor of the previous page (<see cref="AuditCursor"/>), or null for the first.</param>
public sealed record AuditQuery(DateTimeOffset? From, DateTimeOffset? To, string? Actor, string? Subject, string? After, int Limit);
